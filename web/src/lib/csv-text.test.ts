import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, sameCsvText } from './csv-text.ts';

describe('decodeCsvBytes', () => {
  it('reads UTF-8, dropping a byte order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('nom;rôle\n')]);
    expect(decodeCsvBytes(bytes)).toBe('nom;rôle\n');
  });

  it('falls back to Windows-1252 for files saved by older spreadsheets', () => {
    // « rôle » and « é » as Windows-1252 bytes: 0xF4 and 0xE9 are not valid UTF-8 on their own.
    const bytes = new Uint8Array([0x72, 0xf4, 0x6c, 0x65, 0x3b, 0xe9]);
    expect(decodeCsvBytes(bytes)).toBe('rôle;é');
  });
});

describe('sameCsvText', () => {
  it('ignores the CRLF a form submission adds', () => {
    expect(sameCsvText('a;b\r\nc;d', 'a;b\nc;d')).toBe(true);
    expect(sameCsvText('a;b\nc;d', 'a;b\nc;e')).toBe(false);
  });
});
