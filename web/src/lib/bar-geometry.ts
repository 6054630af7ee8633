import type { Choice } from '@cercle/shared';
import type { BarTone } from './components/BarPattern.svelte';

/** How each answer's bar is told apart besides its colour (solid, hatched, dotted, crossed). */
export const choiceTones: Record<Choice, BarTone> = {
  yes: 'for',
  consent: 'for',
  no: 'against',
  objection: 'against',
  abstain: 'neutral',
  stand_aside: 'neutral',
  concern: 'other',
};

/**
 * A group's answers as segments of one strip (a breakdown's row): each answer's start and width
 * as fractions of the group's total, in the ballot's order; none when nobody answered.
 */
export function stripSegments(
  choices: readonly Choice[],
  tally: Partial<Record<Choice, number>>,
): { choice: Choice; start: number; width: number }[] {
  const total = choices.reduce((sum, choice) => sum + (tally[choice] ?? 0), 0);
  if (total === 0) return [];
  let start = 0;
  return choices.map((choice) => {
    const width = (tally[choice] ?? 0) / total;
    const segment = { choice, start, width };
    start += width;
    return segment;
  });
}
