import type { Tie } from './types.ts';

/**
 * Orders candidates by the method's comparison (negative: `a` before `b`; 0: the method cannot
 * separate them), then, between those it cannot separate, by the count's lot order. Each group of
 * two or more the method left level is reported as a tie decided by lot.
 */
export function rankBy(
  ids: readonly string[],
  compare: (a: string, b: string) => number,
  tieOrder: readonly string[],
  round = 1,
): { order: string[]; ties: Tie[] } {
  const lot = new Map(tieOrder.map((id, index) => [id, index]));
  const lotOf = (id: string) => lot.get(id) ?? Number.MAX_SAFE_INTEGER;
  const order = [...ids].sort((a, b) => compare(a, b) || lotOf(a) - lotOf(b) || (a < b ? -1 : 1));
  const ties: Tie[] = [];
  let group: string[] = [];
  for (const id of order) {
    if (group.length && compare(group[0]!, id) !== 0) {
      if (group.length > 1)
        ties.push({ candidateIds: group, decidedBy: 'lot', about: 'rank', round });
      group = [];
    }
    group.push(id);
  }
  if (group.length > 1) ties.push({ candidateIds: group, decidedBy: 'lot', about: 'rank', round });
  return { order, ties };
}
