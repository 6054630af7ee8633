import { type CongressMotion, explainResult, type Locale } from '@cercle/shared';
import { printedHead } from '../events/event-hash.ts';

const words = {
  fr: {
    title: 'Textes adoptés',
    none: 'Aucun texte n’a encore été adopté.',
    forwarded: 'Transmise par',
    adoptedThere: 'qui l’avait adoptée',
    composite: 'Motion de synthèse issue de',
    accepted: 'acceptée par son auteur·ice',
    objected: 'objection de son auteur·ice',
    pending: 'sans réponse de son auteur·ice',
    mandates: 'Mandats des antennes',
    mandate: { for: 'pour', against: 'contre', amend: 'amender', free: 'libre' },
    trail:
      'Journal d’audit du congrès à cet export (n° du dernier événement : début de son empreinte)',
    result: 'Résultat',
    choices: {
      yes: 'Pour',
      no: 'Contre',
      abstain: 'Abstention',
      consent: 'Consentement',
      concern: 'Réserve',
      objection: 'Objection',
      stand_aside: 'En retrait',
    },
  },
  en: {
    title: 'Adopted texts',
    none: 'No text has been adopted yet.',
    forwarded: 'Forwarded by',
    adoptedThere: 'which had adopted it',
    composite: 'Composite motion made from',
    accepted: 'accepted by its author',
    objected: 'its author objected',
    pending: 'no answer from its author',
    mandates: 'Antennas’ mandates',
    mandate: { for: 'for', against: 'against', amend: 'amend', free: 'free' },
    trail: 'The congress’s audit trail at this export (last event number: start of its hash)',
    result: 'Result',
    choices: {
      yes: 'Yes',
      no: 'No',
      abstain: 'Abstain',
      consent: 'Consent',
      concern: 'Concern',
      objection: 'Objection',
      stand_aside: 'Stand aside',
    },
  },
} as const satisfies Record<Locale, unknown>;

/**
 * The congress's publication: every adopted text verbatim, with its origins and its result, and
 * the head of the congress's audit trail when it was written.
 */
export function adoptedTextsDocument({
  congress,
  motions,
  texts,
  language,
  trailHead,
}: {
  congress: { name: string };
  motions: CongressMotion[];
  texts: Map<string, string>;
  language: Locale;
  trailHead?: { seq: number; hash: string } | null | undefined;
}): string {
  const w = words[language];
  const colon = language === 'fr' ? '\u00a0:' : ':';
  const out = [`# ${w.title} — ${congress.name}`];
  if (!motions.length) out.push(w.none);
  for (const motion of motions) {
    out.push(`## ${motion.reference ? `${motion.reference} — ` : ''}${motion.title}`);
    const origins: string[] = [];
    if (motion.forwardedFrom) {
      origins.push(`${w.forwarded} ${motion.forwardedFrom.antenna.name}, ${w.adoptedThere}.`);
    }
    if (motion.sources.length) {
      origins.push(
        `${w.composite}${colon}\n\n${motion.sources
          .map((source) => `- ${source.title} (${source.author.name}) — ${w[source.response]}`)
          .join('\n')}`,
      );
    }
    if (origins.length) out.push(origins.join('\n\n'));
    if (motion.result) {
      const result = motion.result;
      // In the ballot's order (the stored totals carry no order of their own).
      const totals = (Object.keys(w.choices) as (keyof typeof w.choices)[])
        .filter((choice) => result.totals[choice] !== undefined)
        .map((choice) => `${w.choices[choice]} ${result.totals[choice]}`)
        .join(', ');
      out.push(`**${w.result}${colon}** ${totals}  \n${explainResult(result, language)}`);
    }
    if (motion.mandates.length) {
      out.push(
        `**${w.mandates}${colon}** ${motion.mandates
          .map((row) => `${row.antenna.name} (${w.mandate[row.mandate]})`)
          .join(', ')}`,
      );
    }
    out.push(texts.get(motion.id)?.trim() ?? '');
  }
  if (trailHead?.seq) out.push('---', `*${w.trail}${colon}* \`${printedHead(trailHead)}\``);
  return `${out.join('\n\n')}\n`;
}
