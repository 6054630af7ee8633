/**
 * The text of an uploaded CSV file. Spreadsheets save UTF-8 (with or without a byte order mark)
 * or, on older French Windows setups, Windows-1252: anything that is not valid UTF-8 is read as
 * the latter, so « é » survives either way. Used in the browser and on the server alike.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Browsers send a textarea's line breaks as CRLF and show them as LF: compare without them. */
export function sameCsvText(a: string, b: string): boolean {
  return a.replaceAll('\r\n', '\n') === b.replaceAll('\r\n', '\n');
}
