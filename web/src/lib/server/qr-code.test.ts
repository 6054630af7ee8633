import { describe, expect, it } from 'vitest';
import { encode } from 'uqr';
import { qrCode } from './qr-code.ts';

/** The dark modules the path draws, read back from its rectangles. */
function drawn(path: string, size: number): boolean[][] {
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const [, x, y, width] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let dx = 0; dx < Number(width); dx += 1) grid[Number(y)]![Number(x) + dx] = true;
  }
  return grid;
}

describe('qrCode', () => {
  it('draws exactly the modules of the code, with a four-module quiet zone', () => {
    const address = 'https://ag.example.org/meetings/abcdefghijklmnopqrst';
    const { size, path } = qrCode(address);
    const expected = encode(address, { ecc: 'M', border: 4 });
    expect(size).toBe(expected.size);
    expect(drawn(path, size)).toEqual(expected.data);
    const grid = drawn(path, size);
    for (const row of [...grid.slice(0, 4), ...grid.slice(-4)]) expect(row).not.toContain(true);
    for (const row of grid) expect([...row.slice(0, 4), ...row.slice(-4)]).not.toContain(true);
  });

  it('grows with what it holds', () => {
    expect(qrCode('https://a.example/m/1').size).toBeLessThan(
      qrCode(`https://ag.example.org/meetings/${'x'.repeat(120)}`).size,
    );
  });
});
