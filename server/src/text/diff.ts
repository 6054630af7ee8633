import { applyPatch, createPatch, diffWordsWithSpace } from 'diff';
import type { DiffSegment } from '@cercle/shared';

/** Word-level differences, the way assemblies read amendments: what is struck, what is added. */
export function wordDiff(before: string, after: string): DiffSegment[] {
  return diffWordsWithSpace(before, after).map((part) => ({
    kind: part.added ? 'added' : part.removed ? 'removed' : 'equal',
    text: part.value,
  }));
}

/**
 * Carries an amendment written against `base` over to `current` (another amendment was adopted
 * in between). Returns null when the two touch the same lines: a person has to reconcile them.
 */
export function rebaseText(base: string, proposed: string, current: string): string | null {
  if (base === current) return proposed;
  // One line of context: enough to place the change, little enough that amendments touching
  // neighbouring paragraphs both apply.
  const patch = createPatch('motion', base, proposed, '', '', { context: 1 });
  const result = applyPatch(current, patch);
  return result === false ? null : result;
}
