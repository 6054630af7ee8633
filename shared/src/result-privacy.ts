import type { MergedCells, Result, Tally } from './decisions.ts';

/** Default of `assembly.settings.secretMinimumGroup`: no breakdown cell of a secret poll below it. */
export const defaultSecretMinimumGroup = 5;

const answersIn = (tally: Tally) =>
  Object.values(tally).reduce((sum, count) => sum + (count ?? 0), 0);

function addTallies(into: Tally, tally: Tally): Tally {
  const sum: Tally = { ...into };
  for (const [choice, count] of Object.entries(tally) as [keyof Tally, number][]) {
    sum[choice] = (sum[choice] ?? 0) + count;
  }
  return sum;
}

/**
 * Merges the cells of one breakdown that hold fewer than `minimum` answers. Merging only those
 * is not enough: the total is always shown, so a single withheld cell could be read back as the
 * total minus the shown ones, and a merged cell still under the minimum exposes its few members.
 * So the smallest shown cells join the merged one until it reaches the minimum (or nothing is
 * left to show). Empty cells stay: they show nobody's choice. Any kind of cell: `sizeOf` says
 * how many answers it holds, `add` sums two (a motion poll's tally, an election round's counts).
 */
export function mergeSmallCellsOf<Cell>(
  cells: Record<string, Cell>,
  minimum: number,
  sizeOf: (cell: Cell) => number,
  add: (a: Cell, b: Cell) => Cell,
): { shown: Record<string, Cell>; other: { groups: number; cell: Cell } | null } {
  const entries = Object.entries(cells).map(([id, cell]) => ({ id, cell, size: sizeOf(cell) }));
  const merged = entries.filter((entry) => entry.size > 0 && entry.size < minimum);
  if (!merged.length) return { shown: cells, other: null };
  const candidates = entries
    .filter((entry) => entry.size >= minimum)
    .sort((a, b) => a.size - b.size || a.id.localeCompare(b.id));
  let mergedSize = merged.reduce((sum, entry) => sum + entry.size, 0);
  while (mergedSize < minimum && candidates.length) {
    const next = candidates.shift()!;
    merged.push(next);
    mergedSize += next.size;
  }
  const mergedIds = new Set(merged.map((entry) => entry.id));
  const shown = Object.fromEntries(
    entries.filter((entry) => !mergedIds.has(entry.id)).map((entry) => [entry.id, entry.cell]),
  );
  const cell = merged.slice(1).reduce((sum, entry) => add(sum, entry.cell), merged[0]!.cell);
  return { shown, other: { groups: merged.length, cell } };
}

/** `mergeSmallCellsOf` for a motion poll's breakdown by choice. */
export function mergeSmallCells(
  cells: Record<string, Tally>,
  minimum: number,
): { shown: Record<string, Tally>; other: MergedCells | null } {
  const { shown, other } = mergeSmallCellsOf(cells, minimum, answersIn, addTallies);
  return { shown, other: other && { groups: other.groups, tally: other.cell } };
}

/**
 * The result of a secret poll as it may be published: every breakdown cell (college, site)
 * under the assembly's minimum group is merged (see `mergeSmallCells`). The totals, the outcome
 * and the share reached are kept: they are what decided. Applying it twice changes nothing.
 */
export function protectSmallGroups(result: Result, minimumGroup: number): Result {
  const colleges = mergeSmallCells(result.byCollege, minimumGroup);
  const sites = mergeSmallCells(result.bySite, minimumGroup);
  return {
    ...result,
    byCollege: colleges.shown,
    bySite: sites.shown,
    privacy: {
      minimumGroup,
      otherColleges: mergeOthers(result.privacy?.otherColleges ?? null, colleges.other),
      otherSites: mergeOthers(result.privacy?.otherSites ?? null, sites.other),
    },
  };
}

function mergeOthers(before: MergedCells | null, now: MergedCells | null): MergedCells | null {
  if (!before) return now;
  if (!now) return before;
  return { groups: before.groups + now.groups, tally: addTallies(before.tally, now.tally) };
}
