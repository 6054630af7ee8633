/**
 * `pnpm audit:verify FILE [--head SEQ:HASH]… [--against EARLIER.jsonl]`
 *
 * Checks an assembly's event chain downloaded from Cercle (`…/audit/chain.jsonl`) on any machine
 * with Node.js, without the server or its database: every link, the heads the file carries, the
 * heads of the minutes it records, and the heads the member brings (a hash printed on minutes or
 * an export, an earlier download). Exit code 0: intact; 1: tampered; 2: unreadable or misused.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type AuditIssue, givenHeadSchema, type PublishedHead } from '@cercle/shared';
import {
  auditReport,
  ChainFileError,
  checkChain,
  givenHead,
  parseChainFile,
} from './modules/audit/audit-chain.ts';

const locale = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
const french = locale.toLowerCase().startsWith('fr');

const words = french
  ? {
      usage:
        'Usage : pnpm audit:verify FICHIER.jsonl [--head N:EMPREINTE]… [--against ANCIEN.jsonl]',
      chain: (name: string, count: number, at: string) =>
        `Journal d’audit de « ${name} », téléchargé le ${at} : ${count} événement${count > 1 ? 's' : ''}.`,
      head: (seq: number, hash: string) => `Dernier événement : n° ${seq}, empreinte ${hash}`,
      intact: (heads: number) =>
        `INTACT : chaque maillon de la chaîne est vérifié${heads ? `, et elle contient ${heads > 1 ? `les ${heads} têtes publiées auxquelles` : 'la tête publiée à laquelle'} elle a été confrontée` : ''}.`,
      broken: (seq: number | undefined) =>
        `ALTÉRÉ : ${seq === undefined ? 'la chaîne ne correspond plus' : `premier maillon rompu à l’événement n° ${seq}`}.`,
      wrongAssembly: 'Le fichier --against est celui d’une autre assemblée.',
      unreadable: (file: string, why: string) => `Illisible : ${file} (${why}).`,
    }
  : {
      usage: 'Usage: pnpm audit:verify FILE.jsonl [--head SEQ:HASH]… [--against EARLIER.jsonl]',
      chain: (name: string, count: number, at: string) =>
        `Audit trail of “${name}”, downloaded ${at}: ${count} event${count === 1 ? '' : 's'}.`,
      head: (seq: number, hash: string) => `Last event: #${seq}, hash ${hash}`,
      intact: (heads: number) =>
        `INTACT: every link of the chain checks out${heads ? `, and it contains the ${heads > 1 ? `${heads} published heads` : 'published head'} it was held against` : ''}.`,
      broken: (seq: number | undefined) =>
        `TAMPERED: ${seq === undefined ? 'the chain no longer matches' : `first broken link at event #${seq}`}.`,
      wrongAssembly: 'The --against file is another assembly’s.',
      unreadable: (file: string, why: string) => `Unreadable: ${file} (${why}).`,
    };

/** French readers get each issue in French; the English wording is the issue's own message. */
const frenchIssue: Record<AuditIssue['code'], string> = {
  'chain.event_missing': 'événement supprimé',
  'chain.link_broken': 'événements déplacés, intervertis ou remplacés',
  'chain.hash_mismatch': 'contenu modifié (type, auteur·rice, date ou données)',
  'chain.tail_missing': 'derniers événements supprimés',
  'chain.head_mismatch': 'tête enregistrée incohérente',
  'head.mismatch': 'réécrit avec des empreintes recalculées',
  'poll.unrecorded': 'scrutin clos sans événement',
  'poll.result_mismatch': 'résultat modifié',
  'poll.ballots_mismatch': 'bulletins modifiés',
  'poll.hand_counts_mismatch': 'décomptes à main levée modifiés',
  'motion.status_mismatch': 'statut de motion modifié',
  'minutes.unrecorded': 'procès-verbal publié sans événement',
  'minutes.text_mismatch': 'texte de procès-verbal modifié',
  'minutes.record_mismatch': 'empreintes de procès-verbal modifiées',
};

const frenchSource: Record<NonNullable<AuditIssue['source']>, string> = {
  recorded: 'selon la tête enregistrée en base',
  minutes: 'selon un procès-verbal publié',
  witness: 'selon la copie du serveur hors de la base',
  given: 'selon la tête fournie',
};

function describe(item: AuditIssue) {
  if (!french) return `  - ${item.message} [${item.code}]`;
  const where = item.seq === null ? '' : `n° ${item.seq} : `;
  const between =
    item.after !== undefined && item.seq !== null && item.after < item.seq - 1
      ? ` entre le n° ${item.after + 1} et le n° ${item.seq}`
      : '';
  const source = item.source ? `, ${frenchSource[item.source]}` : '';
  return `  - ${where}${frenchIssue[item.code]}${between}${source} [${item.code}]`;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function read(file: string) {
  // pnpm runs scripts from the workspace root: a relative path is the caller's.
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
  try {
    return parseChainFile(readFileSync(path, 'utf8'));
  } catch (error) {
    const why =
      error instanceof ChainFileError
        ? error.message
        : ((error as NodeJS.ErrnoException).code ?? String(error));
    return fail(words.unreadable(file, why));
  }
}

let options;
try {
  options = parseArgs({
    allowPositionals: true,
    options: {
      head: { type: 'string', multiple: true },
      against: { type: 'string' },
    },
  });
} catch {
  fail(words.usage);
}
const [file] = options.positionals;
if (!file || options.positionals.length > 1) fail(words.usage);

const { header, events } = read(file);
const heads: PublishedHead[] = [...header.heads];
for (const text of options.values.head ?? []) {
  if (!givenHeadSchema.safeParse(text).success) fail(words.usage);
  heads.push(givenHead(text));
}
if (options.values.against) {
  const earlier = read(options.values.against);
  if (earlier.header.assemblyId !== header.assemblyId) fail(words.wrongAssembly);
  // Every event of an earlier download is a head the chain must still contain, unchanged.
  heads.push(
    ...earlier.events.map((event) => ({
      seq: event.seq,
      hash: event.hash,
      source: 'given' as const,
    })),
  );
}

const chain = checkChain({
  assemblyId: header.assemblyId,
  events,
  recordedHead: header.recordedHead,
  heads,
});
const report = auditReport({ events, chain });
const lines = [words.chain(header.assemblyName, events.length, header.exportedAt)];
if (report.head) lines.push(words.head(report.head.seq, report.head.hash));
const published = chain.heads.minutes + chain.heads.witness + chain.heads.given;
if (report.valid) lines.push(words.intact(published));
else lines.push(words.broken(report.brokenAtSeq), ...report.issues.map(describe));
process.stdout.write(`${lines.join('\n')}\n`);
process.exit(report.valid ? 0 : 1);
