import {
  type Choice,
  choicesByPollKind,
  explainResult,
  explainRound,
  formatDay,
  formatTime,
  formatZoneName,
  type Locale,
  type MergedCells,
  type Outcome,
  type Result,
  type RoundResult,
  type VoteRule,
} from '@cercle/shared';
import { intlLocales } from '@cercle/shared/message-format';
import { messagesIn } from '../../text/messages/index.ts';
import { attachmentLines } from '../attachments/attachment-lines.ts';
import type { MeetingRecord } from './minutes.repository.ts';
import { motionReference } from '../motions/motions.service.ts';

/** « 2 min 05 s », « 45 s ». */
const duration = (seconds: number) =>
  seconds < 60
    ? `${seconds}\u00a0s`
    : `${Math.floor(seconds / 60)}\u00a0min\u00a0${String(seconds % 60).padStart(2, '0')}\u00a0s`;

/** A table cell: pipes and line breaks would break the Markdown table. */
const cell = (value: string | number) => String(value).replace(/\|/g, '\\|').replace(/\s+/g, ' ');

function table(header: (string | number)[], rows: (string | number)[][], numericFrom = 1) {
  const align = header.map((_, index) => (index >= numericFrom ? '---:' : '---'));
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** Quoted verbatim: every line of the text becomes a block-quote line. */
const quote = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => (line.trim() ? `> ${line}` : '>'))
    .join('\n');

/**
 * The first draft of a meeting's minutes, in Markdown, from what Cercle recorded: the meeting,
 * who attended where (per site and college), proxies, the agenda with time spent and the
 * secretary's notes, and every poll with its full result and adopted text.
 */
export function draftMinutes(record: MeetingRecord, language: Locale): string {
  const t = messagesIn(language);
  const { meeting, assembly } = record;
  // Every time is the assembly's, named once next to the date.
  const { timeZone } = assembly;
  // French writes 18 h 05 where English writes 18:05.
  const time = (date: Date) => {
    const clock = formatTime(date, timeZone, language);
    return language === 'fr' ? clock.replace(':', '\u00a0h\u00a0') : clock;
  };
  const siteName = new Map(record.sites.map((site) => [site.id, site.name]));
  const collegeName = new Map(record.colleges.map((college) => [college.id, college.name]));
  const colon = t('typography.colon');
  const quoted = (text: string) => t('typography.quoted', { text });
  const out: string[] = [];
  const started = meeting.startedAt ?? meeting.startsAt;
  const ended = meeting.endedAt ?? meeting.endsAt;

  out.push(`# ${t('minutes.title')} — ${meeting.title}`);
  out.push(
    [
      `**${t('minutes.assembly')}${colon}** ${assembly.name} (${assembly.code})`,
      `**${t('minutes.date')}${colon}** ${formatDay(started, { locale: language, timeZone, weekday: true })}, ${t('minutes.from')} ${time(started)} ${t('minutes.to')} ${time(ended)} (${formatZoneName(started, timeZone, language)})`,
      `**${t('minutes.mode')}${colon}** ${t(`meetingMode.${meeting.mode}`)}${meeting.location ? ` — ${meeting.location}` : ''}`,
      `**${t('minutes.sites')}${colon}** ${record.sites.map((site) => site.name).join(', ')}`,
    ].join('  \n'),
  );
  out.push(`*${t('minutes.generated')}*`);

  // Attendance: everyone who checked in at some point, where they sat, and their college.
  out.push(`## ${t('minutes.attendance')}`);
  if (!record.attendees.length) {
    out.push(t('minutes.nobody'));
  } else {
    const carried = record.proxies.filter((proxy) => proxy.endedAt === null);
    const holderSite = new Map(record.attendees.map((a) => [a.name, a.siteId]));
    out.push(
      table(
        [t('minutes.site'), t('minutes.present'), t('minutes.represented')],
        [
          ...record.sites.map((site) => [
            site.name,
            record.attendees.filter((a) => a.siteId === site.id).length,
            carried.filter((proxy) => holderSite.get(proxy.holderName) === site.id).length,
          ]),
          [`**${t('minutes.total')}**`, record.attendees.length, carried.length],
        ],
      ),
    );
    const colleges = [...record.colleges.map((c) => c.id), null].filter((id) =>
      record.attendees.some((a) => (a.collegeId ?? null) === id),
    );
    if (record.colleges.length) {
      out.push(
        table(
          [t('minutes.college'), t('minutes.present')],
          colleges.map((id) => [
            id ? (collegeName.get(id) ?? id) : t('minutes.noCollege'),
            record.attendees.filter((a) => (a.collegeId ?? null) === id).length,
          ]),
        ),
      );
    }
    out.push(`### ${t('minutes.whoWasThere')}`);
    for (const site of record.sites) {
      const here = record.attendees.filter((a) => a.siteId === site.id);
      if (!here.length) continue;
      const names = here.map((a) =>
        a.present || !a.checkedOutAt
          ? a.name
          : `${a.name} (${t('minutes.leftAt')} ${time(a.checkedOutAt)})`,
      );
      out.push(`- **${site.name}** (${here.length})${colon} ${names.join(', ')}`);
    }
  }
  out.push(`### ${t('minutes.proxies')}`);
  out.push(
    record.proxies.length
      ? record.proxies
          .map((proxy) => {
            const state =
              proxy.endReason === 'revoked'
                ? ` (${t('minutes.revoked')})`
                : proxy.endReason === 'grantor_present'
                  ? ` (${t('minutes.voidPresent')})`
                  : '';
            return `- ${proxy.grantorName} ${t('minutes.gaveProxy')} ${proxy.holderName}${state}`;
          })
          .join('\n')
      : t('minutes.noProxies'),
  );

  // Agenda, with the time actually spent and what the secretary noted.
  if (record.agenda.length) {
    out.push(`## ${t('minutes.agenda')}`);
    for (const [index, item] of record.agenda.entries()) {
      out.push(`### ${index + 1}. ${item.title} (${t(`agendaItemKind.${item.kind}`)})`);
      const spent = Math.round(item.spentSeconds / 60);
      const lines = [
        `${t('minutes.planned')}${colon} ${item.durationMinutes} ${t('minutes.minutes')} · ${t('minutes.spent')}${colon} ${spent} ${t('minutes.minutes')}`,
      ];
      const motion = item.motionId
        ? record.polls.find((entry) => entry.motion.id === item.motionId)?.motion
        : undefined;
      if (motion) {
        const reference = motionReference(assembly.code, motion);
        lines.push(
          `${t('minutes.linkedMotion')}${colon} ${reference ? `${reference} — ` : ''}${motion.title}`,
        );
      }
      out.push(lines.join('  \n'));
      if (item.description) out.push(item.description);
      const speeches = record.speeches.filter((speech) => speech.itemId === item.id);
      if (speeches.length) {
        const who = speeches.map((speech) => {
          const details = [
            speech.siteId ? siteName.get(speech.siteId) : null,
            duration(speech.seconds),
            speech.pointOfOrder ? t('minutes.pointOfOrder') : null,
          ].filter(Boolean);
          return `${speech.name} (${details.join(', ')})`;
        });
        out.push(`**${t('minutes.speakers')}${colon}** ${who.join(' ; ')}`);
      }
      const notes = record.notes.filter((note) => note.itemId === item.id);
      if (notes.length) {
        out.push(`**${t('minutes.notes')}**`);
        for (const note of notes) out.push(`${quote(note.text)}\n>\n> — ${time(note.createdAt)}`);
      }
    }
  }

  // Speaking time per person, site and college: who was heard, and how much, across the sites.
  if (record.speeches.length) {
    out.push(`## ${t('minutes.speakingTime')}`);
    const sum = (key: (speech: (typeof record.speeches)[number]) => string) => {
      const totals = new Map<string, { turns: number; seconds: number }>();
      for (const speech of record.speeches) {
        const total = totals.get(key(speech)) ?? { turns: 0, seconds: 0 };
        totals.set(key(speech), {
          turns: total.turns + 1,
          seconds: total.seconds + speech.seconds,
        });
      }
      return [...totals].map(([name, total]) => [name, total.turns, duration(total.seconds)]);
    };
    const header = (first: string) => [first, t('minutes.turns'), t('minutes.time')];
    out.push(
      table(
        header(t('minutes.speaker')),
        sum((speech) => speech.name),
      ),
    );
    if (record.sites.length)
      out.push(
        table(
          header(t('minutes.site')),
          sum((speech) =>
            speech.siteId ? (siteName.get(speech.siteId) ?? '') : t('minutes.noSite'),
          ),
        ),
      );
    if (record.colleges.length)
      out.push(
        table(
          header(t('minutes.college')),
          sum((speech) =>
            speech.collegeId
              ? (collegeName.get(speech.collegeId) ?? speech.collegeId)
              : t('minutes.noCollege'),
          ),
        ),
      );
  }

  // Every poll of the meeting with its full result.
  out.push(`## ${t('minutes.decisions')}`);
  if (!record.polls.length) out.push(t('minutes.noDecisions'));
  // A motion decided in several polls has its files listed once, under the first.
  const listedMotions = new Set<string>();
  for (const { poll, motion, amendment, objections, adoptedText } of record.polls) {
    const reference = motionReference(assembly.code, motion);
    const subject = amendment
      ? `${t('minutes.amendmentTo')} ${amendment.rank} — ${motion.title}`
      : `${reference ? `${reference} — ` : ''}${motion.title}`;
    out.push(`### ${subject}`);
    const motionFiles = record.attachments.motions.filter(
      (file) => file.subjectId === motion.id && !listedMotions.has(motion.id),
    );
    listedMotions.add(motion.id);
    if (motionFiles.length) {
      out.push(
        `**${t('minutes.motionAttachments')}**\n\n${attachmentLines(motionFiles, language)}`,
      );
    }
    const how = [
      poll.kind === 'vote' && poll.rule
        ? `${t('pollKind.vote')} (${t(`voteRule.${poll.rule as VoteRule}`)})`
        : t(`pollKind.${poll.kind}`),
      poll.secret ? t('minutes.secret') : t('minutes.open'),
      poll.openedAt ? `${t('minutes.opened')} ${time(poll.openedAt)}` : null,
      poll.closedAt ? `${t('minutes.closed')} ${time(poll.closedAt)}` : null,
    ].filter(Boolean);
    out.push(`${how.join(', ')}.`);
    const result = poll.result as Result | null;
    if (!result || poll.status !== 'closed') {
      out.push(t('minutes.notClosed'));
      continue;
    }
    const choices = choicesByPollKind[poll.kind];
    out.push(
      [
        `**${t('minutes.outcome')}${colon}** ${t(`outcome.${result.outcome as Outcome}`)} — ${choices
          .map((choice) => `${t(`choice.${choice}`)} ${result.totals[choice] ?? 0}`)
          .join(', ')}`,
        `**${t('minutes.howDecided')}${colon}** ${explainResult(result, language)}`,
      ].join('  \n'),
    );
    // The totals again with each answer's share: the PDF draws a share as a bar.
    const answered = choices.reduce((sum, choice) => sum + (result.totals[choice] ?? 0), 0);
    if (answered > 0) {
      const percents = percentFormat(language);
      out.push(
        table(
          [t('minutes.answer'), t('minutes.votes'), t('minutes.share')],
          choices.map((choice) => [
            t(`choice.${choice}`),
            result.totals[choice] ?? 0,
            percents.format((result.totals[choice] ?? 0) / answered),
          ]),
        ),
      );
    }
    const breakdown = (
      label: string,
      first: string,
      rows: Record<string, Partial<Record<Choice, number>>>,
      name: (id: string) => string,
      other: MergedCells | null | undefined,
      otherName: (groups: number) => string,
    ) =>
      Object.keys(rows).length || other
        ? `**${label}**\n\n${table(
            [first, ...choices.map((c) => t(`choice.${c}`))],
            [
              ...Object.entries(rows).map(([id, tally]) => [
                name(id),
                ...choices.map((choice) => tally[choice] ?? 0),
              ]),
              ...(other
                ? [[otherName(other.groups), ...choices.map((choice) => other.tally[choice] ?? 0)]]
                : []),
            ],
          )}`
        : null;
    const privacy = result.privacy;
    const byCollege = breakdown(
      t('minutes.byCollege'),
      t('minutes.college'),
      result.byCollege,
      (id) => collegeName.get(id) ?? id,
      privacy?.otherColleges,
      (groups) => t('minutes.otherColleges', { groups }),
    );
    const bySite = breakdown(
      t('minutes.bySite'),
      t('minutes.site'),
      result.bySite,
      (id) => siteName.get(id) ?? id,
      privacy?.otherSites,
      (groups) => t('minutes.otherSites', { groups }),
    );
    if (byCollege) out.push(byCollege);
    if (bySite) out.push(bySite);
    if (privacy?.otherColleges || privacy?.otherSites)
      out.push(`_${t('minutes.merged', { minimum: privacy.minimumGroup })}_`);
    if (objections.length) {
      out.push(`**${t('minutes.objections')}**`);
      out.push(
        objections
          .map(({ objection, author }) => {
            const status = t(`objectionStatus.${objection.status}`);
            const where = objection.integratedVersion
              ? ` (${t('minutes.inVersion')} ${objection.integratedVersion})`
              : '';
            const resolution = objection.resolution ? `${colon} ${objection.resolution}` : '';
            return `- ${author}${colon} ${quoted(objection.reason.replace(/\s+/g, ' '))} — ${status}${where}${resolution}`;
          })
          .join('\n'),
      );
    }
    const adopted = result.outcome === 'adopted';
    const text = amendment ? amendment.proposedText : adoptedText;
    if (adopted && text) out.push(`**${t('minutes.adoptedText')}**\n\n${quote(text)}`);
  }

  // Every election held in the meeting: each round's words and its standings.
  if (record.elections.length) out.push(`## ${t('minutes.elections')}`);
  for (const { election, rounds, candidates } of record.elections) {
    out.push(`### ${election.title}`);
    const names = Object.fromEntries(
      candidates.map((candidate) => [candidate.id, candidate.label ?? candidate.name ?? '']),
    );
    for (const round of rounds) {
      if (rounds.length > 1) out.push(`**${t('minutes.electionRound', { round: round.round })}**`);
      const result = round.result as RoundResult | null;
      if (!result || round.status !== 'closed') {
        out.push(t('minutes.electionNotClosed'));
        continue;
      }
      const words = explainRound(
        result,
        {
          method: election.method,
          seats: election.seats,
          reserved: election.reserved,
          parity: election.parity,
          grades: election.grades,
          round: round.round,
          names,
          colleges: Object.fromEntries(collegeName),
          subject: election.subject,
        },
        language,
      );
      out.push(words.summary);
      if (words.seats.length) out.push(words.seats.map((line) => `- ${line}`).join('\n'));
      if (words.details.length) out.push(words.details.map((line) => `- ${line}`).join('\n'));
      const standings = electionStandings(result, names, t, language);
      if (standings) out.push(standings);
    }
  }
  // The files of the meeting and of these minutes (an annex, a budget, a report).
  const { meeting: meetingFiles, minutes: minutesFiles } = record.attachments;
  if (meetingFiles.length || minutesFiles.length) {
    out.push(`## ${t('minutes.attachments')}`);
    if (meetingFiles.length) {
      out.push(
        `**${t('minutes.meetingAttachments')}**\n\n${attachmentLines(meetingFiles, language)}`,
      );
    }
    if (minutesFiles.length) {
      out.push(
        `**${t('minutes.minutesAttachments')}**\n\n${attachmentLines(minutesFiles, language)}`,
      );
    }
  }
  return `${out.join('\n\n')}\n`;
}

/** « 33,3 % »: a share as the tables of the minutes give it (the PDF draws such a cell as a bar). */
const percentFormat = (language: Locale) =>
  new Intl.NumberFormat(intlLocales[language], { style: 'percent', maximumFractionDigits: 1 });

/** A closed round's standings as a table: votes and share, or majority grade, by rank. */
function electionStandings(
  result: RoundResult,
  names: Record<string, string>,
  t: ReturnType<typeof messagesIn>,
  language: Locale,
) {
  const count = result.count;
  if (!count) return null;
  const numbers = new Intl.NumberFormat(intlLocales[language], { maximumFractionDigits: 2 });
  const percents = percentFormat(language);
  if (count.method === 'majority_judgment') {
    return table(
      [t('minutes.rank'), t('minutes.candidate'), t('minutes.majorityGrade'), ...count.grades],
      count.standings.map((standing) => [
        standing.rank,
        names[standing.candidateId] ?? standing.candidateId,
        count.grades[standing.majorityGrade] ?? '',
        ...standing.profile,
      ]),
      3,
    );
  }
  if (count.method === 'stv') {
    return table(
      [t('minutes.rank'), t('minutes.candidate')],
      count.order.map((id, index) => [index + 1, names[id] ?? id]),
      2,
    );
  }
  return table(
    [t('minutes.rank'), t('minutes.candidate'), t('minutes.votes'), t('minutes.share')],
    count.standings.map((standing) => [
      standing.rank,
      names[standing.candidateId] ?? standing.candidateId,
      numbers.format(standing.votes),
      percents.format(standing.share),
    ]),
    2,
  );
}
