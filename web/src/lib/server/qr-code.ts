import { encode } from 'uqr';

/** A QR code as one SVG path on a square grid of `size` modules, quiet zone included. */
export interface QrCode {
  size: number;
  path: string;
}

/**
 * The QR code of a text (an address), made on the server so that no script ships for it and no
 * outside service learns the address. Medium error correction survives a projector's glare and a
 * phone held at an angle; the four-module quiet zone is what scanners expect around the code.
 */
export function qrCode(text: string): QrCode {
  const { data, size } = encode(text, { ecc: 'M', border: 4 });
  // One rectangle per run of dark modules in a row: a few hundred path commands, not thousands.
  let path = '';
  data.forEach((row, y) => {
    let x = 0;
    while (x < size) {
      if (!row[x]) {
        x += 1;
        continue;
      }
      const start = x;
      while (x < size && row[x]) x += 1;
      path += `M${start} ${y}h${x - start}v1h${start - x}z`;
    }
  });
  return { size, path };
}
