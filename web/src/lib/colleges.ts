import type { College } from '@cercle/shared';
import { percentToFraction, toPercentText } from './assembly-form.ts';

/**
 * One row of the colleges editor, as typed: `share` is a percentage, `id` empty for a new
 * college, `removed` ticked to delete it on saving.
 */
export interface CollegeRow {
  id: string;
  name: string;
  share: string;
  removed: boolean;
}

export const blankCollegeRow: CollegeRow = { id: '', name: '', share: '', removed: false };

export function collegeRows(colleges: readonly College[]): CollegeRow[] {
  return colleges.map(({ id, name, share }) => ({
    id,
    name,
    share: toPercentText(share),
    removed: false,
  }));
}

/** A new row left empty: saving ignores it. */
export function isBlankCollegeRow(row: CollegeRow): boolean {
  return !row.id && !row.name.trim() && !row.share.trim();
}

/** The total of the shares that will be kept, in percent (rows not filled in count as 0). */
export function totalSharePercent(rows: readonly Pick<CollegeRow, 'share' | 'removed'>[]): number {
  const total = rows.reduce((sum, row) => {
    if (row.removed) return sum;
    const fraction = percentToFraction(row.share);
    return Number.isFinite(fraction) ? sum + fraction : sum;
  }, 0);
  return Math.round(total * 10_000) / 100;
}
