import { describe, expect, it } from 'vitest';
import { batchPerTurn } from './turn-batch.ts';

describe('batchPerTurn', () => {
  it('runs the calls of one turn together, each answered at its position', async () => {
    const batches: number[][] = [];
    const double = batchPerTurn(async (inputs: number[]) => {
      batches.push(inputs);
      return inputs.map((input) => input * 2);
    });
    expect(await Promise.all([double(1), double(2), double(3)])).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('sends a call made once a batch started to the next batch, never to the running one', async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const read = batchPerTurn(async (inputs: string[]) => {
      batches.push(inputs);
      if (batches.length === 1) await held;
      return inputs.map((input) => input.toUpperCase());
    });
    const first = read('a');
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([['a']]);
    const second = read('b');
    release();
    expect(await Promise.all([first, second])).toEqual(['A', 'B']);
    expect(batches).toEqual([['a'], ['b']]);
  });

  it('fails every call of a failed batch, and serves the next turn afresh', async () => {
    let fail = true;
    const read = batchPerTurn(async (inputs: string[]) => {
      if (fail) throw new Error('database gone');
      return inputs;
    });
    const results = await Promise.allSettled([read('a'), read('b')]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await read('c')).toBe('c');
  });
});
