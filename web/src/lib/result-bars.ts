import type { Choice, PollKind, VoteRule } from '@cercle/shared';
import { choiceTones } from './bar-geometry.ts';
import type { ResultBar } from './components/ResultBars.svelte';
import { formatPercent, t } from './i18n/index.ts';
import { choicesFor } from './motions.ts';

/** A poll's counts as bars, one per answer its kind offers, in the ballot's order. */
export function choiceBars(kind: PollKind, totals: Partial<Record<Choice, number>>): ResultBar[] {
  return choicesFor(kind).map((choice) => ({
    id: choice,
    label: t(`choice.${choice}`),
    value: totals[choice] ?? 0,
    tone: choiceTones[choice],
  }));
}

/**
 * The share of « for » the rule looks at, as one bar against the rule's threshold: more than
 * half for a simple majority, at least two thirds for a qualified one.
 */
export function ruleShareBar(yesShare: number, rule: VoteRule | null | undefined) {
  const share = rule === 'two_thirds' ? 2 / 3 : 1 / 2;
  return {
    bars: [
      {
        id: 'share',
        label: t('projector.ruleShare'),
        value: yesShare,
        valueText: formatPercent(yesShare),
        tone: 'for',
      },
    ] satisfies ResultBar[],
    threshold: {
      share,
      label: t(rule === 'two_thirds' ? 'projector.thresholdAtLeast' : 'projector.thresholdMore', {
        percent: formatPercent(share),
      }),
    },
  };
}
