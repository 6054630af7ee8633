import type { ReplaceCollegesBody } from '@cercle/shared';
import { percentToFraction } from '$lib/assembly-form.ts';
import { isBlankCollegeRow, type CollegeRow } from '$lib/colleges.ts';
import type { FormProblem } from '$lib/forms.ts';

/**
 * The editor's rows in order: inputs named `collegeId`, `collegeName`, `collegeShare`, and
 * `collegeRemove` checkboxes whose value is the row's index.
 */
export function readCollegeRows(form: FormData): CollegeRow[] {
  const texts = (name: string) =>
    form.getAll(name).map((value) => (typeof value === 'string' ? value.trim() : ''));
  const ids = texts('collegeId');
  const names = texts('collegeName');
  const shares = texts('collegeShare');
  const removed = new Set(texts('collegeRemove'));
  return names.map((name, index) => ({
    id: ids[index] ?? '',
    name,
    share: shares[index] ?? '',
    removed: removed.has(String(index)),
  }));
}

/** Removed and blank rows are dropped; shares go from percentages to fractions. */
export function collegesBody(rows: readonly CollegeRow[]): {
  problems: FormProblem[];
  body: ReplaceCollegesBody;
} {
  const problems: FormProblem[] = [];
  const colleges: ReplaceCollegesBody['colleges'] = [];
  rows.forEach((row, index) => {
    if (row.removed || isBlankCollegeRow(row)) return;
    const share = percentToFraction(row.share);
    if (!row.name || row.name.length > 120) {
      problems.push({
        field: `collegeName-${index}`,
        key: 'validation.collegeName',
        params: { number: index + 1 },
      });
    }
    if (!Number.isFinite(share) || share < 0 || share > 1) {
      problems.push({
        field: `collegeShare-${index}`,
        key: 'validation.collegeShare',
        params: { number: index + 1 },
      });
    }
    colleges.push({ ...(row.id ? { id: row.id } : {}), name: row.name, share });
  });
  return { problems, body: { colleges } };
}
