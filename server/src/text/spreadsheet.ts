import { strToU8, zipSync } from 'fflate';

/**
 * A table written as CSV or as an OpenDocument spreadsheet (ODS), for exports people open in
 * LibreOffice or Excel. A cell is text, or a day (`day`, YYYY-MM-DD: a spreadsheet date, sortable,
 * shown as `text`).
 */
export type SheetCell = string | { day: string; text: string } | null;

export interface Sheet {
  name: string;
  header: string[];
  rows: SheetCell[][];
}

const cellText = (cell: SheetCell) =>
  cell === null ? '' : typeof cell === 'string' ? cell : cell.text;

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return that hides one)
 * as a formula: such a cell gets a leading apostrophe, so it is shown as typed and never run.
 */
export function neutraliseFormula(text: string) {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * UTF-8 with a byte order mark (so Excel reads the accents) and `;` between fields (what
 * LibreOffice and Excel expect in French, where `,` is the decimal comma). Every field is quoted,
 * quotes doubled; lines end with CRLF (RFC 4180).
 */
export function csv(sheet: Sheet): string {
  const line = (cells: SheetCell[]) =>
    cells.map((cell) => `"${neutraliseFormula(cellText(cell)).replaceAll('"', '""')}"`).join(';');
  return `\ufeff${[line(sheet.header), ...sheet.rows.map(line)].join('\r\n')}\r\n`;
}

/** Characters XML 1.0 refuses, even escaped: dropped. */
const xmlUnsafe = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

export function xmlEscape(text: string) {
  return text
    .replace(xmlUnsafe, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

const odsMimetype = 'application/vnd.oasis.opendocument.spreadsheet';

const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="${odsMimetype}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
`;

const namespaces = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"',
].join(' ');

const styles = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles ${namespaces} office:version="1.2">
 <office:styles>
  <style:default-style style:family="table-cell"><style:paragraph-properties fo:text-align="start"/></style:default-style>
 </office:styles>
</office:document-styles>
`;

/** A day as a spreadsheet date: its value (YYYY-MM-DD) and the words shown. */
function odsCell(cell: SheetCell, styleName?: string) {
  const style = styleName ? ` table:style-name="${styleName}"` : '';
  if (cell !== null && typeof cell !== 'string') {
    return `<table:table-cell office:value-type="date" office:date-value="${cell.day}" table:style-name="day"><text:p>${xmlEscape(cell.text)}</text:p></table:table-cell>`;
  }
  const text = cellText(cell);
  if (!text) return `<table:table-cell${style}/>`;
  // A line break in a cell is a paragraph of its own.
  const paragraphs = text
    .split('\n')
    .map((line) => `<text:p>${xmlEscape(line)}</text:p>`)
    .join('');
  return `<table:table-cell office:value-type="string"${style}>${paragraphs}</table:table-cell>`;
}

function content(sheet: Sheet) {
  const rows = [
    `<table:table-row>${sheet.header.map((cell) => odsCell(cell, 'heading')).join('')}</table:table-row>`,
    ...sheet.rows.map(
      (row) => `<table:table-row>${row.map((cell) => odsCell(cell)).join('')}</table:table-row>`,
    ),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content ${namespaces} office:version="1.2">
 <office:automatic-styles>
  <number:date-style style:name="iso-day"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
  <style:style style:name="day" style:family="table-cell" style:data-style-name="iso-day"/>
  <style:style style:name="heading" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>
 </office:automatic-styles>
 <office:body>
  <office:spreadsheet>
   <table:table table:name="${xmlEscape(sheet.name)}">
    <table:table-column table:number-columns-repeated="${sheet.header.length}"/>
    ${rows.join('\n    ')}
   </table:table>
  </office:spreadsheet>
 </office:body>
</office:document-content>
`;
}

/**
 * An ODS file: a zip whose first entry is `mimetype`, stored uncompressed (how office suites
 * recognise the format), then the manifest, the content and minimal styles.
 */
export function ods(sheet: Sheet): Uint8Array {
  return zipSync({
    mimetype: [strToU8(odsMimetype), { level: 0 }],
    'META-INF/manifest.xml': strToU8(manifest),
    'content.xml': strToU8(content(sheet)),
    'styles.xml': strToU8(styles),
  });
}

export const odsContentType = odsMimetype;
