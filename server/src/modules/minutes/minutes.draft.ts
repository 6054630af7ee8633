import {
  type Choice,
  explainResult,
  type Locale,
  type MergedCells,
  type Outcome,
  type PollKind,
  type Result,
  type VoteRule,
} from '@cercle/shared';
import type { MeetingRecord } from './minutes.repository.ts';
import { motionReference } from '../motions/motions.service.ts';

/** The words of a draft, in the assembly's language (French by default). */
const words = {
  fr: {
    title: 'Procès-verbal',
    assembly: 'Assemblée',
    date: 'Date',
    from: 'de',
    to: 'à',
    timeZone: 'heure de Paris',
    mode: 'Mode',
    modes: { in_person: 'en présentiel', online: 'en ligne', hybrid: 'hybride' },
    sites: 'Sites',
    attendance: 'Présences',
    site: 'Site',
    college: 'Collège',
    noCollege: 'Sans collège',
    present: 'Présents',
    represented: 'Représentés',
    total: 'Total',
    nobody: 'Personne ne s’est inscrit à la séance.',
    whoWasThere: 'Liste des présents',
    leftAt: 'parti(e) à',
    proxies: 'Pouvoirs',
    gaveProxy: 'a donné pouvoir à',
    revoked: 'révoqué',
    voidPresent: 'caduc : présent(e) en personne',
    noProxies: 'Aucun pouvoir.',
    agenda: 'Ordre du jour',
    kinds: {
      information: 'information',
      debate: 'débat',
      decision: 'décision',
      election: 'élection',
    },
    planned: 'Prévu',
    spent: 'Durée effective',
    minutes: 'min',
    linkedMotion: 'Motion liée',
    notes: 'Notes du secrétariat',
    decisions: 'Décisions',
    noDecisions: 'Aucun vote ni consentement pendant la séance.',
    amendmentTo: 'Amendement',
    pollKinds: { vote: 'Vote', consent: 'Décision par consentement' },
    rules: {
      simple: 'majorité simple',
      absolute: 'majorité absolue des suffrages',
      two_thirds: 'majorité des deux tiers',
      members_absolute: 'majorité absolue des membres',
    },
    secret: 'au scrutin secret',
    open: 'au scrutin public',
    opened: 'ouvert à',
    closed: 'clos à',
    notClosed: 'Ce scrutin n’a pas été clos pendant la séance.',
    outcome: 'Résultat',
    outcomes: {
      adopted: 'adoptée',
      rejected: 'rejetée',
      objected: 'objection non levée',
      no_quorum: 'quorum non atteint',
    },
    choice: 'Réponse',
    choices: {
      yes: 'Pour',
      no: 'Contre',
      abstain: 'Abstention',
      consent: 'Consentement',
      concern: 'Réserve',
      objection: 'Objection',
      stand_aside: 'En retrait',
    },
    byCollege: 'Par collège',
    bySite: 'Par site',
    howDecided: 'Décision',
    otherColleges: (groups: number) => `Autres collèges regroupés (${groups})`,
    otherSites: (groups: number) => `Autres sites regroupés (${groups})`,
    merged: (minimum: number) =>
      `Scrutin secret : les groupes de moins de ${minimum} réponses sont regroupés pour que personne ne soit reconnaissable.`,
    objections: 'Objections',
    objectionStatus: {
      open: 'non résolue',
      integrated: 'intégrée',
      withdrawn: 'retirée',
      ruled_out: 'écartée',
    },
    inVersion: 'version',
    adoptedText: 'Texte adopté',
    generated:
      'Projet établi automatiquement à partir du registre de la séance, à relire avant approbation.',
  },
  en: {
    title: 'Minutes',
    assembly: 'Assembly',
    date: 'Date',
    from: 'from',
    to: 'to',
    timeZone: 'Paris time',
    mode: 'Mode',
    modes: { in_person: 'in person', online: 'online', hybrid: 'hybrid' },
    sites: 'Sites',
    attendance: 'Attendance',
    site: 'Site',
    college: 'College',
    noCollege: 'No college',
    present: 'Present',
    represented: 'Represented',
    total: 'Total',
    nobody: 'Nobody checked in to the meeting.',
    whoWasThere: 'Who was there',
    leftAt: 'left at',
    proxies: 'Proxies',
    gaveProxy: 'gave a proxy to',
    revoked: 'revoked',
    voidPresent: 'void: attended in person',
    noProxies: 'No proxies.',
    agenda: 'Agenda',
    kinds: {
      information: 'information',
      debate: 'debate',
      decision: 'decision',
      election: 'election',
    },
    planned: 'Planned',
    spent: 'Time spent',
    minutes: 'min',
    linkedMotion: 'Motion',
    notes: 'Secretary’s notes',
    decisions: 'Decisions',
    noDecisions: 'No vote or consent decision during the meeting.',
    amendmentTo: 'Amendment',
    pollKinds: { vote: 'Vote', consent: 'Consent decision' },
    rules: {
      simple: 'simple majority',
      absolute: 'absolute majority of votes cast',
      two_thirds: 'two-thirds majority',
      members_absolute: 'absolute majority of members',
    },
    secret: 'by secret ballot',
    open: 'by open ballot',
    opened: 'opened at',
    closed: 'closed at',
    notClosed: 'This poll was not closed during the meeting.',
    outcome: 'Outcome',
    outcomes: {
      adopted: 'adopted',
      rejected: 'rejected',
      objected: 'objection not resolved',
      no_quorum: 'quorum not reached',
    },
    choice: 'Answer',
    choices: {
      yes: 'Yes',
      no: 'No',
      abstain: 'Abstain',
      consent: 'Consent',
      concern: 'Concern',
      objection: 'Objection',
      stand_aside: 'Stand aside',
    },
    byCollege: 'By college',
    bySite: 'By site',
    howDecided: 'Decision',
    otherColleges: (groups: number) => `Other colleges, merged (${groups})`,
    otherSites: (groups: number) => `Other sites, merged (${groups})`,
    merged: (minimum: number) =>
      `Secret ballot: groups of fewer than ${minimum} answers are merged so that nobody can be recognised.`,
    objections: 'Objections',
    objectionStatus: {
      open: 'unresolved',
      integrated: 'integrated',
      withdrawn: 'withdrawn',
      ruled_out: 'ruled out',
    },
    inVersion: 'version',
    adoptedText: 'Adopted text',
    generated: 'Draft made from the meeting’s record, to be read over before approval.',
  },
} as const satisfies Record<Locale, unknown>;

const choicesOf: Record<PollKind, Choice[]> = {
  vote: ['yes', 'no', 'abstain'],
  consent: ['consent', 'concern', 'objection', 'stand_aside'],
};

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
  const w = words[language];
  const { meeting, assembly } = record;
  const dateFormat = new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone: 'Europe/Paris',
    dateStyle: 'full',
  });
  const timeFormat = new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
  });
  // French writes 18 h 05 where English writes 18:05.
  const time = (date: Date) =>
    language === 'fr'
      ? timeFormat.format(date).replace(':', '\u00a0h\u00a0')
      : timeFormat.format(date);
  const siteName = new Map(record.sites.map((site) => [site.id, site.name]));
  const collegeName = new Map(record.colleges.map((college) => [college.id, college.name]));
  // French sets a no-break space before a colon and uses guillemets.
  const colon = language === 'fr' ? '\u00a0:' : ':';
  const quoted = (text: string) => (language === 'fr' ? `«\u00a0${text}\u00a0»` : `“${text}”`);
  const out: string[] = [];
  const started = meeting.startedAt ?? meeting.startsAt;
  const ended = meeting.endedAt ?? meeting.endsAt;

  out.push(`# ${w.title} — ${meeting.title}`);
  out.push(
    [
      `**${w.assembly}${colon}** ${assembly.name} (${assembly.code})`,
      `**${w.date}${colon}** ${dateFormat.format(started)}, ${w.from} ${time(started)} ${w.to} ${time(ended)} (${w.timeZone})`,
      `**${w.mode}${colon}** ${w.modes[meeting.mode]}${meeting.location ? ` — ${meeting.location}` : ''}`,
      `**${w.sites}${colon}** ${record.sites.map((site) => site.name).join(', ')}`,
    ].join('  \n'),
  );
  out.push(`*${w.generated}*`);

  // Attendance: everyone who checked in at some point, where they sat, and their college.
  out.push(`## ${w.attendance}`);
  if (!record.attendees.length) {
    out.push(w.nobody);
  } else {
    const carried = record.proxies.filter((proxy) => proxy.endedAt === null);
    const holderSite = new Map(record.attendees.map((a) => [a.name, a.siteId]));
    out.push(
      table(
        [w.site, w.present, w.represented],
        [
          ...record.sites.map((site) => [
            site.name,
            record.attendees.filter((a) => a.siteId === site.id).length,
            carried.filter((proxy) => holderSite.get(proxy.holderName) === site.id).length,
          ]),
          [`**${w.total}**`, record.attendees.length, carried.length],
        ],
      ),
    );
    const colleges = [...record.colleges.map((c) => c.id), null].filter((id) =>
      record.attendees.some((a) => (a.collegeId ?? null) === id),
    );
    if (record.colleges.length) {
      out.push(
        table(
          [w.college, w.present],
          colleges.map((id) => [
            id ? (collegeName.get(id) ?? id) : w.noCollege,
            record.attendees.filter((a) => (a.collegeId ?? null) === id).length,
          ]),
        ),
      );
    }
    out.push(`### ${w.whoWasThere}`);
    for (const site of record.sites) {
      const here = record.attendees.filter((a) => a.siteId === site.id);
      if (!here.length) continue;
      const names = here.map((a) =>
        a.present || !a.checkedOutAt ? a.name : `${a.name} (${w.leftAt} ${time(a.checkedOutAt)})`,
      );
      out.push(`- **${site.name}** (${here.length})${colon} ${names.join(', ')}`);
    }
  }
  out.push(`### ${w.proxies}`);
  out.push(
    record.proxies.length
      ? record.proxies
          .map((proxy) => {
            const state =
              proxy.endReason === 'revoked'
                ? ` (${w.revoked})`
                : proxy.endReason === 'grantor_present'
                  ? ` (${w.voidPresent})`
                  : '';
            return `- ${proxy.grantorName} ${w.gaveProxy} ${proxy.holderName}${state}`;
          })
          .join('\n')
      : w.noProxies,
  );

  // Agenda, with the time actually spent and what the secretary noted.
  if (record.agenda.length) {
    out.push(`## ${w.agenda}`);
    for (const [index, item] of record.agenda.entries()) {
      out.push(`### ${index + 1}. ${item.title} (${w.kinds[item.kind]})`);
      const spent = Math.round(item.spentSeconds / 60);
      const lines = [
        `${w.planned}${colon} ${item.durationMinutes} ${w.minutes} · ${w.spent}${colon} ${spent} ${w.minutes}`,
      ];
      const motion = item.motionId
        ? record.polls.find((entry) => entry.motion.id === item.motionId)?.motion
        : undefined;
      if (motion) {
        const reference = motionReference(assembly.code, motion);
        lines.push(
          `${w.linkedMotion}${colon} ${reference ? `${reference} — ` : ''}${motion.title}`,
        );
      }
      out.push(lines.join('  \n'));
      if (item.description) out.push(item.description);
      const notes = record.notes.filter((note) => note.itemId === item.id);
      if (notes.length) {
        out.push(`**${w.notes}**`);
        for (const note of notes) out.push(`${quote(note.text)}\n>\n> — ${time(note.createdAt)}`);
      }
    }
  }

  // Every poll of the meeting with its full result.
  out.push(`## ${w.decisions}`);
  if (!record.polls.length) out.push(w.noDecisions);
  for (const { poll, motion, amendment, objections, adoptedText } of record.polls) {
    const reference = motionReference(assembly.code, motion);
    const subject = amendment
      ? `${w.amendmentTo} ${amendment.rank} — ${motion.title}`
      : `${reference ? `${reference} — ` : ''}${motion.title}`;
    out.push(`### ${subject}`);
    const how = [
      poll.kind === 'vote' && poll.rule
        ? `${w.pollKinds.vote} (${w.rules[poll.rule as VoteRule]})`
        : w.pollKinds[poll.kind],
      poll.secret ? w.secret : w.open,
      poll.openedAt ? `${w.opened} ${time(poll.openedAt)}` : null,
      poll.closedAt ? `${w.closed} ${time(poll.closedAt)}` : null,
    ].filter(Boolean);
    out.push(`${how.join(', ')}.`);
    const result = poll.result as Result | null;
    if (!result || poll.status !== 'closed') {
      out.push(w.notClosed);
      continue;
    }
    const choices = choicesOf[poll.kind];
    out.push(
      [
        `**${w.outcome}${colon}** ${w.outcomes[result.outcome as Outcome]} — ${choices
          .map((choice) => `${w.choices[choice]} ${result.totals[choice] ?? 0}`)
          .join(', ')}`,
        `**${w.howDecided}${colon}** ${explainResult(result, language)}`,
      ].join('  \n'),
    );
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
            [first, ...choices.map((c) => w.choices[c])],
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
      w.byCollege,
      w.college,
      result.byCollege,
      (id) => collegeName.get(id) ?? id,
      privacy?.otherColleges,
      w.otherColleges,
    );
    const bySite = breakdown(
      w.bySite,
      w.site,
      result.bySite,
      (id) => siteName.get(id) ?? id,
      privacy?.otherSites,
      w.otherSites,
    );
    if (byCollege) out.push(byCollege);
    if (bySite) out.push(bySite);
    if (privacy?.otherColleges || privacy?.otherSites)
      out.push(`_${w.merged(privacy.minimumGroup)}_`);
    if (objections.length) {
      out.push(`**${w.objections}**`);
      out.push(
        objections
          .map(({ objection, author }) => {
            const status = w.objectionStatus[objection.status];
            const where = objection.integratedVersion
              ? ` (${w.inVersion} ${objection.integratedVersion})`
              : '';
            const resolution = objection.resolution ? `${colon} ${objection.resolution}` : '';
            return `- ${author}${colon} ${quoted(objection.reason.replace(/\s+/g, ' '))} — ${status}${where}${resolution}`;
          })
          .join('\n'),
      );
    }
    const adopted = result.outcome === 'adopted';
    const text = amendment ? amendment.proposedText : adoptedText;
    if (adopted && text) out.push(`**${w.adoptedText}**\n\n${quote(text)}`);
  }
  return `${out.join('\n\n')}\n`;
}
