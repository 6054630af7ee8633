// The faces pdfmake draws with, and the text they can draw.
import { createRequire } from 'node:module';
import { openSync, type Font } from 'fontkit';
import pdfmake from 'pdfmake';

// Roboto ships inside the pdfmake package itself: it covers Latin (French included, but also
// the Polish, Romanian or Vietnamese letters members' names may carry), Greek and Cyrillic,
// where the PDF standard fonts stop at WinAnsi. Nothing is fetched or vendored.
const require = createRequire(import.meta.url);
const robotoFiles = {
  normal: require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'),
  bold: require.resolve('pdfmake/fonts/Roboto/Roboto-Medium.ttf'),
  italics: require.resolve('pdfmake/fonts/Roboto/Roboto-Italic.ttf'),
  bolditalics: require.resolve('pdfmake/fonts/Roboto/Roboto-MediumItalic.ttf'),
};

// Code keeps a monospaced face; Courier is a standard font, so nothing to embed, but WinAnsi only.
const courierFaces = {
  normal: 'Courier',
  bold: 'Courier-Bold',
  italics: 'Courier-Oblique',
  bolditalics: 'Courier-BoldOblique',
};

const fontSources = new Set<string>([
  ...Object.values(robotoFiles),
  ...Object.values(courierFaces),
]);

// pdfmake's Node entry point is one shared instance; this folder is its only user (through this
// export), and the policies make sure a document can never make it read another file or reach
// the network.
pdfmake.setFonts({ Roboto: { ...robotoFiles }, Courier: { ...courierFaces } });
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => fontSources.has(path));
export { pdfmake };

// A glyph missing from a face is drawn as an empty box, and lost silently when the text is
// copied: characters are checked against every face before they reach the layout.
let robotoFaces: Font[] | undefined;
function roboto(): Font[] {
  robotoFaces ??= Object.values(robotoFiles).map((file) => {
    const font = openSync(file);
    if (!('hasGlyphForCodePoint' in font)) throw new Error(`${file} is a font collection`);
    return font;
  });
  return robotoFaces;
}

const inRoboto = (codePoint: number): boolean =>
  roboto().every((face) => face.hasGlyphForCodePoint(codePoint));

// pdfkit writes standard fonts in WinAnsiEncoding: Latin-1 plus these code points of
// Windows-1252's 0x80–0x9F row. Anything else would come out as unrelated bytes.
const winAnsiExtras = new Set(
  [...'€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'].map((char) => char.codePointAt(0) ?? 0),
);
const inWinAnsi = (codePoint: number): boolean =>
  (codePoint >= 0x20 && codePoint <= 0x7e) ||
  (codePoint >= 0xa0 && codePoint <= 0xff) ||
  winAnsiExtras.has(codePoint);

const substitutes = new Map<string, string>([
  // French typography puts a narrow no-break space before ; : ! ? and inside « »; neither face
  // has one, and a plain no-break space keeps the line from breaking there just the same.
  ['\u202f', '\u00a0'],
  ['\u2007', '\u00a0'],
  // Invisible in print; a soft hyphen would otherwise show as a hyphen mid-word.
  ['\u00ad', ''],
  ['\u200b', ''],
  ['\u2060', ''],
  ['\ufeff', ''],
  ['\u2192', '->'],
  ['\u2190', '<-'],
  ['\u21d2', '=>'],
]);

/** Text with only characters the face can draw: look-alikes where they exist, '?' otherwise. */
function drawable(text: string, covered: (codePoint: number) => boolean): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const codePoint = char.codePointAt(0) ?? 0;
    const substitute = substitutes.get(char);
    if (substitute !== undefined) {
      if ([...substitute].every((c) => covered(c.codePointAt(0) ?? 0))) {
        out += substitute;
        continue;
      }
    }
    if (char === '\n' || char === '\t' || (codePoint >= 0x20 && codePoint <= 0x7e)) {
      out += char;
    } else if (/\p{Cc}/u.test(char)) {
      continue;
    } else if (covered(codePoint)) {
      out += char;
    } else if (/[\p{M}\p{Cf}]/u.test(char)) {
      // Variation selectors, joiners and stray accents carry no glyph of their own.
      continue;
    } else {
      // 'ﬁ' → 'fi', '²' → '2', 'ő' → 'o' in Courier: compatibility forms lose less than '?'.
      const plain = char.normalize('NFKD').replace(/\p{M}/gu, '');
      const fits = plain !== '' && [...plain].every((c) => covered(c.codePointAt(0) ?? 0));
      out += fits ? plain : '?';
    }
  }
  return out;
}

export const forText = (text: string): string => drawable(text, inRoboto);
export const forCode = (text: string): string => drawable(text, inWinAnsi);
