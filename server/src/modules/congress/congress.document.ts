import { choices, type CongressMotion, explainResult, type Locale } from '@cercle/shared';
import { messagesIn } from '../../text/messages/index.ts';
import { attachmentLines } from '../attachments/attachment-lines.ts';
import { printedHead } from '../events/event-hash.ts';

/**
 * The congress's publication: every adopted text verbatim, with its origins and its result, and
 * the head of the congress's audit trail when it was written.
 */
export function adoptedTextsDocument({
  congress,
  motions,
  texts,
  attachments = new Map(),
  language,
  trailHead,
}: {
  congress: { name: string };
  motions: CongressMotion[];
  texts: Map<string, string>;
  /** Each motion's files, by motion id. */
  attachments?: Map<string, Parameters<typeof attachmentLines>[0]>;
  language: Locale;
  trailHead?: { seq: number; hash: string } | null | undefined;
}): string {
  const t = messagesIn(language);
  const colon = t('typography.colon');
  const out = [`# ${t('congress.title')} — ${congress.name}`];
  if (!motions.length) out.push(t('congress.none'));
  for (const motion of motions) {
    out.push(`## ${motion.reference ? `${motion.reference} — ` : ''}${motion.title}`);
    const origins: string[] = [];
    if (motion.forwardedFrom) {
      origins.push(
        `${t('congress.forwarded')} ${motion.forwardedFrom.antenna.name}, ${t('congress.adoptedThere')}.`,
      );
    }
    if (motion.sources.length) {
      origins.push(
        `${t('congress.composite')}${colon}\n\n${motion.sources
          .map(
            (source) =>
              `- ${source.title} (${source.author.name}) — ${t(`compositeResponse.${source.response}`)}`,
          )
          .join('\n')}`,
      );
    }
    if (origins.length) out.push(origins.join('\n\n'));
    if (motion.result) {
      const result = motion.result;
      // In the ballot's order (the stored totals carry no order of their own).
      const totals = choices
        .filter((choice) => result.totals[choice] !== undefined)
        .map((choice) => `${t(`choice.${choice}`)} ${result.totals[choice]}`)
        .join(', ');
      out.push(
        `**${t('congress.result')}${colon}** ${totals}  \n${explainResult(result, language)}`,
      );
    }
    if (motion.mandates.length) {
      out.push(
        `**${t('congress.mandates')}${colon}** ${motion.mandates
          .map((row) => `${row.antenna.name} (${t(`mandate.${row.mandate}`)})`)
          .join(', ')}`,
      );
    }
    out.push(texts.get(motion.id)?.trim() ?? '');
    const files = attachments.get(motion.id) ?? [];
    if (files.length) {
      out.push(`**${t('congress.attachments')}**\n\n${attachmentLines(files, language)}`);
    }
  }
  if (trailHead?.seq)
    out.push('---', `*${t('congress.trail')}${colon}* \`${printedHead(trailHead)}\``);
  return `${out.join('\n\n')}\n`;
}
