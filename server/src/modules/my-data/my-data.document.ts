import { type Choice, defaultTimeZone, formatDateTime, type Locale } from '@cercle/shared';
import { escapeHtml } from '../../text/html-escape.ts';
import { type MessageKey, messagesIn } from '../../text/messages/index.ts';
import type { MyDataExport } from './my-data.service.ts';

type Cell = string | number | boolean | Date | null | undefined;

interface Section<Row> {
  title: MessageKey;
  rows: readonly Row[];
  columns: [MessageKey, (row: Row) => Cell][];
}

const section = <Row>(value: Section<Row>) => value as Section<unknown>;

/**
 * The export as a self-contained printable page in the person's language (GDPR art. 15): no
 * script, no outside file, its style inline. The JSON export holds the same, for machines.
 */
export function myDataDocument(data: MyDataExport, locale: Locale): string {
  const t = messagesIn(locale);
  const cell = (value: Cell): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (value instanceof Date) return formatDateTime(value, { locale, timeZone: defaultTimeZone });
    if (typeof value === 'boolean') return t(value ? 'myData.yes' : 'myData.no');
    return String(value);
  };
  const choice = (value: Choice) => t(`choice.${value}`);
  const { profile } = data;

  const sections: Section<unknown>[] = [
    section({
      title: 'myData.memberships',
      rows: data.memberships,
      columns: [
        ['myData.assembly', (row) => row.assembly],
        ['myData.role', (row) => row.role],
        ['myData.college', (row) => row.college],
        ['myData.votingRight', (row) => row.votingRight],
        ['myData.organisation', (row) => row.organisation],
        ['myData.since', (row) => row.since],
      ],
    }),
    section({
      title: 'myData.motionsAuthored',
      rows: data.motions.authored,
      columns: [
        ['myData.reference', (row) => row.reference],
        ['myData.title', (row) => row.title],
        ['myData.assembly', (row) => row.assembly],
        ['myData.status', (row) => row.status],
        ['myData.date', (row) => row.createdAt],
      ],
    }),
    section({
      title: 'myData.motionsCoauthored',
      rows: data.motions.coauthored,
      columns: [
        ['myData.title', (row) => row.title],
        ['myData.status', (row) => row.status],
        ['myData.date', (row) => row.invitedAt],
      ],
    }),
    section({
      title: 'myData.versions',
      rows: data.versions,
      columns: [
        ['myData.title', (row) => row.title],
        ['myData.version', (row) => row.version],
        ['myData.text', (row) => row.text],
        ['myData.date', (row) => row.createdAt],
      ],
    }),
    section({
      title: 'myData.amendments',
      rows: data.amendments,
      columns: [
        ['myData.motion', (row) => row.motionTitle],
        ['myData.text', (row) => row.proposedText],
        ['myData.reason', (row) => row.rationale],
        ['myData.status', (row) => row.status],
        ['myData.date', (row) => row.createdAt],
      ],
    }),
    section({
      title: 'myData.comments',
      rows: data.comments,
      columns: [
        ['myData.motion', (row) => row.motionTitle],
        ['myData.text', (row) => row.text],
        ['myData.date', (row) => row.createdAt],
      ],
    }),
    section({
      title: 'myData.supports',
      rows: data.supports,
      columns: [
        ['myData.motion', (row) => row.motionTitle],
        ['myData.date', (row) => row.createdAt],
      ],
    }),
    section({
      title: 'myData.objections',
      rows: data.objections,
      columns: [
        ['myData.motion', (row) => row.motionTitle],
        ['myData.reason', (row) => row.reason],
        ['myData.status', (row) => t(`objectionStatus.${row.status}`)],
        ['myData.resolution', (row) => row.resolution],
        ['myData.date', (row) => row.createdAt],
      ],
    }),
    section({
      title: 'myData.ballots',
      rows: data.ballots,
      columns: [
        ['myData.motion', (row) => row.motionTitle],
        ['myData.choice', (row) => choice(row.choice)],
        ['myData.reason', (row) => row.reason],
      ],
    }),
    section({
      title: 'myData.participations',
      rows: data.participations,
      columns: [
        ['myData.subject', (row) => row.motionTitle ?? row.electionTitle],
        ['myData.secret', (row) => row.secret],
        ['myData.byProxy', (row) => row.castByProxyHolder],
        ['myData.date', (row) => row.at],
      ],
    }),
    section({
      title: 'myData.proxiesGiven',
      rows: data.proxies.given,
      columns: [
        ['myData.meeting', (row) => row.meeting],
        ['myData.person', (row) => row.holder],
        ['myData.date', (row) => row.createdAt],
        ['myData.ended', (row) => row.endedAt],
      ],
    }),
    section({
      title: 'myData.proxiesCarried',
      rows: data.proxies.carried,
      columns: [
        ['myData.meeting', (row) => row.meeting],
        ['myData.person', (row) => row.grantor],
        ['myData.date', (row) => row.createdAt],
        ['myData.ended', (row) => row.endedAt],
      ],
    }),
    section({
      title: 'myData.attendance',
      rows: data.attendance,
      columns: [
        ['myData.meeting', (row) => row.meeting],
        ['myData.site', (row) => row.site],
        ['myData.date', (row) => row.checkedInAt],
        ['myData.ended', (row) => row.checkedOutAt],
      ],
    }),
    section({
      title: 'myData.speakerRequests',
      rows: data.speakerRequests,
      columns: [
        ['myData.meeting', (row) => row.meeting],
        ['myData.subject', (row) => row.item],
        ['myData.status', (row) => row.status],
        ['myData.date', (row) => row.requestedAt],
      ],
    }),
    section({
      title: 'myData.delegates',
      rows: data.delegates,
      columns: [
        ['myData.meeting', (row) => row.meeting],
        ['myData.assembly', (row) => row.antenna],
        ['myData.date', (row) => row.designatedAt],
      ],
    }),
    section({
      title: 'myData.candidacies',
      rows: data.candidacies,
      columns: [
        ['myData.subject', (row) => row.election],
        ['myData.text', (row) => row.statement],
        ['myData.status', (row) => row.status],
        ['myData.date', (row) => row.createdAt],
      ],
    }),
    section({
      title: 'myData.electionBallots',
      rows: data.electionBallots,
      columns: [
        ['myData.subject', (row) => row.election],
        ['myData.choice', (row) => JSON.stringify(row.selection)],
      ],
    }),
    section({
      title: 'myData.notifications',
      rows: data.notifications,
      columns: [
        ['myData.title', (row) => row.title],
        ['myData.assembly', (row) => row.assembly],
        ['myData.date', (row) => row.createdAt],
        ['myData.read', (row) => row.readAt],
      ],
    }),
    section({
      title: 'myData.invitations',
      rows: data.invitations.received,
      columns: [
        ['myData.assembly', (row) => row.assembly],
        ['myData.role', (row) => row.role],
        ['myData.date', (row) => row.createdAt],
        ['myData.accepted', (row) => row.acceptedAt],
      ],
    }),
    section({
      title: 'myData.attachments',
      rows: data.attachments,
      columns: [
        ['myData.title', (row) => row.fileName],
        ['myData.date', (row) => row.createdAt],
      ],
    }),
    section({
      title: 'myData.events',
      rows: data.auditEvents,
      columns: [
        ['myData.assembly', (row) => row.assembly],
        ['myData.eventType', (row) => row.type],
        ['myData.date', (row) => row.at],
      ],
    }),
  ];

  const renderSection = ({ title, rows, columns }: Section<unknown>) => {
    const heading = `<h2>${escapeHtml(t(title))} (${rows.length})</h2>`;
    if (rows.length === 0) return `${heading}\n<p>${escapeHtml(t('myData.none'))}</p>`;
    const head = columns.map(([key]) => `<th scope="col">${escapeHtml(t(key))}</th>`).join('');
    const body = rows
      .map(
        (row) =>
          `<tr>${columns
            .map(([, value]) => {
              return `<td>${escapeHtml(cell(value(row)))}</td>`;
            })
            .join('')}</tr>`,
      )
      .join('\n');
    return `${heading}\n<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
  };

  const profileRows: [MessageKey, Cell][] = [
    ['myData.name', profile.name],
    ['myData.email', profile.email],
    ['myData.locale', profile.locale],
    ['myData.created', profile.createdAt],
    ['myData.admin', profile.isAdmin],
    ['myData.digestOptOut', profile.digest.optedOut],
    ['myData.lastDigest', profile.digest.lastDigestAt],
    ['myData.calendarFeed', profile.calendarFeed],
    ['myData.sessions', data.sessions.count],
    ['myData.sessionsExpire', data.sessions.expiresAt.at(-1) ?? null],
    ['myData.invitationsSent', data.invitations.sentCount],
  ];
  const title = t('myData.documentTitle', { name: profile.name });
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; line-height: 1.45; color: #1a1a1a; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
th, td { border: 1px solid #999; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; white-space: pre-wrap; }
th { background: #eee; }
h2 { margin-top: 2rem; break-after: avoid; }
@media print { body { margin: 0; max-width: none; } }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(t('myData.documentIntro', { date: cell(new Date(data.exportedAt)) }))}</p>
<h2>${escapeHtml(t('myData.profile'))}</h2>
<table>
<tbody>
${profileRows.map(([key, value]) => `<tr><th scope="row">${escapeHtml(t(key))}</th><td>${escapeHtml(cell(value))}</td></tr>`).join('\n')}
</tbody>
</table>
${sections.map(renderSection).join('\n')}
</body>
</html>
`;
}
