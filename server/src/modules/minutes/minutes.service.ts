import { type Database, type User } from '@cercle/db';
import {
  type Actor,
  type CreateMinutesBody,
  isoDayIn,
  type Locale,
  type Minutes,
  type MinutesSummary,
  type MinutesVisibility,
} from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { allows, requirePermission } from '../../permissions.ts';
import { renderMarkdown } from '../../text/markdown.ts';
import { messagesIn } from '../../text/messages/index.ts';
import { markdownToPdf } from '../../text/pdf/index.ts';
import { textHash } from '../audit/audit-chain.ts';
import { printedHead } from '../events/event-hash.ts';
import { createAssembliesRepository } from '../assemblies/assemblies.repository.ts';
import { createEventsRepository } from '../events/events.repository.ts';
import type { EventReadLog } from '../events/read-events.ts';
import { draftMinutes } from './minutes.draft.ts';
import { createMinutesRepository, type MinutesRepository } from './minutes.repository.ts';

type MinutesWithNames = NonNullable<Awaited<ReturnType<MinutesRepository['find']>>>;

const notFound = (): never => {
  throw new AppError(404, 'minutes.not_found', 'No such minutes.');
};

function toSummary(row: MinutesWithNames): MinutesSummary {
  const { minutes } = row;
  const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);
  return {
    id: minutes.id,
    meetingId: minutes.meetingId,
    assemblyId: minutes.assemblyId,
    version: minutes.version,
    status: minutes.status,
    language: minutes.language,
    correctsId: minutes.correctsId,
    erratumReason: minutes.erratumReason,
    createdBy: { id: minutes.createdBy, name: row.createdByName },
    createdAt: minutes.createdAt.toISOString(),
    updatedAt: minutes.updatedAt.toISOString(),
    approvedBy: person(minutes.approvedBy, row.approvedByName),
    approvedAt: minutes.approvedAt?.toISOString() ?? null,
    publishedBy: person(minutes.publishedBy, row.publishedByName),
    publishedAt: minutes.publishedAt?.toISOString() ?? null,
    coversEventSeq: minutes.coversEventSeq,
    coversEventHash: minutes.coversEventHash,
    textHash: minutes.textHash,
  };
}

/** Who wrote a version's current text: its last editor, else whoever drafted it. */
const writerOf = (row: Pick<MinutesWithNames['minutes'], 'editedBy' | 'createdBy'>) =>
  row.editedBy ?? row.createdBy;

function toMinutes(row: MinutesWithNames): Minutes {
  return {
    ...toSummary(row),
    meetingTitle: row.meetingTitle,
    assemblyName: row.assemblyName,
    timeZone: row.timeZone,
    text: row.minutes.text,
    html: renderMarkdown(row.minutes.text),
    writtenBy: writerOf(row.minutes),
    secondApproval: row.minutesSecondApproval,
  };
}

/**
 * Minutes: drafted from the meeting's record, edited and approved by a secretary, then
 * published for good. Published minutes carry the hash of the event chain's head they cover
 * and the hash of their own text, both recorded in the `minutes.published` event.
 */
export function createMinutesService({ db, log }: { db: Database; log: EventReadLog }) {
  const repository = createMinutesRepository({ db });

  /** Drafts are for the assembly's secretaries; published minutes for members, or everyone. */
  function canRead(permissions: Actor | null, row: MinutesWithNames) {
    const scope = { assemblyId: row.minutes.assemblyId };
    if (permissions && allows(permissions, 'minutes.publish', scope)) return true;
    if (row.minutes.status !== 'published') return false;
    if (permissions && allows(permissions, 'assembly.view', scope)) return true;
    return row.minutesVisibility === 'public';
  }

  async function load(permissions: Actor | null, id: string) {
    const row = await repository.find(id);
    if (!row) return notFound();
    if (canRead(permissions, row)) return row;
    // Signed out: sign in first. A member may know a draft exists; a stranger may not.
    if (!permissions) throw new AppError(401, 'auth.unauthenticated', 'Please sign in.');
    const member = allows(permissions, 'assembly.view', { assemblyId: row.minutes.assemblyId });
    if (member || row.minutes.status === 'published') {
      throw new AppError(403, 'auth.forbidden', 'You may not read these minutes.');
    }
    return notFound();
  }

  /** Lists of an assembly's minutes: for its members, or for everyone when they are public. */
  function requireReader(
    permissions: Actor | null,
    assemblyId: string,
    visibility: MinutesVisibility,
  ) {
    if (visibility === 'public') return;
    if (!permissions) throw new AppError(401, 'auth.unauthenticated', 'Please sign in.');
    requirePermission(
      permissions,
      'assembly.view',
      { assemblyId },
      'These minutes are for members only.',
    );
  }

  function requireSecretary(permissions: Actor, assemblyId: string) {
    requirePermission(
      permissions,
      'minutes.publish',
      { assemblyId },
      'Only a secretary may write the minutes.',
    );
  }

  /** Locks a version for a change; published versions never change. */
  async function lockEditable(tx: Database, id: string) {
    const row = await createMinutesRepository({ db: tx }).lock(id);
    if (!row) return notFound();
    if (row.status === 'published') {
      throw new AppError(
        409,
        'minutes.published',
        'Published minutes cannot change: start an erratum.',
      );
    }
    return row;
  }

  async function reload(permissions: Actor, id: string) {
    return toMinutes(await load(permissions, id));
  }

  return {
    async get(permissions: Actor | null, id: string) {
      return toMinutes(await load(permissions, id));
    },

    /** Every version of a meeting's minutes the reader may see, newest first. */
    async history(permissions: Actor | null, meetingId: string) {
      const meeting = await repository.meeting(meetingId);
      if (!meeting) throw new AppError(404, 'meetings.not_found', 'No such meeting.');
      requireReader(permissions, meeting.assemblyId, meeting.minutesVisibility);
      const rows = await repository.versions(meetingId);
      return rows.filter((row) => canRead(permissions, row)).map(toSummary);
    },

    /** The latest published version of each meeting's minutes in an assembly. */
    async published(permissions: Actor | null, assemblyId: string) {
      const visibility = await repository.assemblyVisibility(assemblyId);
      if (!visibility) throw new AppError(404, 'assemblies.not_found', 'No such assembly.');
      requireReader(permissions, assemblyId, visibility.minutesVisibility);
      const seen = new Set<string>();
      return (await repository.published(assemblyId))
        .filter((row) => !seen.has(row.minutes.meetingId) && seen.add(row.minutes.meetingId))
        .map(toSummary);
    },

    /**
     * Drafts the minutes of an ended meeting; once they are published, starts an erratum: a
     * new version, copied from the published one, that says what it corrects.
     */
    async create(actor: User, permissions: Actor, meetingId: string, body: CreateMinutesBody) {
      const meeting = await repository.meeting(meetingId);
      if (!meeting) throw new AppError(404, 'meetings.not_found', 'No such meeting.');
      requireSecretary(permissions, meeting.assemblyId);
      if (meeting.status !== 'ended') {
        throw new AppError(
          409,
          'minutes.meeting_not_ended',
          'Minutes are drafted once the meeting has ended.',
        );
      }
      const id = await db.transaction(async (tx) => {
        const minutes = createMinutesRepository({ db: tx });
        await minutes.lockMeeting(meetingId);
        const [latest] = await minutes.versions(meetingId);
        if (latest && latest.minutes.status !== 'published') {
          throw new AppError(
            409,
            'minutes.draft_exists',
            'A draft of these minutes is already being written.',
          );
        }
        const language: Locale = body.language ?? latest?.minutes.language ?? meeting.language;
        if (latest && !body.reason) {
          throw new AppError(
            400,
            'validation.invalid',
            'reason: say what the erratum corrects',
            'reason',
          );
        }
        const text = latest
          ? latest.minutes.text
          : draftMinutes((await minutes.record(meetingId, log))!, language);
        const created = await minutes.create({
          meetingId,
          assemblyId: meeting.assemblyId,
          version: (latest?.minutes.version ?? 0) + 1,
          language,
          text,
          correctsId: latest?.minutes.id ?? null,
          erratumReason: latest ? body.reason! : null,
          createdBy: actor.id,
        });
        await createEventsRepository({ db: tx }).append({
          assemblyId: meeting.assemblyId,
          type: 'minutes.drafted',
          actorId: actor.id,
          payload: {
            minutesId: created.id,
            meetingId,
            version: created.version,
            correctsId: created.correctsId,
          },
        });
        return created.id;
      });
      return reload(permissions, id);
    },

    /** The secretary's edit. An approved draft that changes needs approving again. */
    async update(actor: User, permissions: Actor, id: string, text: string) {
      const row = await load(permissions, id);
      requireSecretary(permissions, row.minutes.assemblyId);
      await db.transaction(async (tx) => {
        const locked = await lockEditable(tx, id);
        if (locked.text === text) return;
        await createMinutesRepository({ db: tx }).update(id, {
          text,
          editedBy: actor.id,
          status: 'draft',
          approvedBy: null,
          approvedAt: null,
        });
      });
      return reload(permissions, id);
    },

    /** The secretary's text before it is saved, rendered exactly as the published page renders it. */
    async preview(permissions: Actor, id: string, text: string) {
      const row = await load(permissions, id);
      requireSecretary(permissions, row.minutes.assemblyId);
      return renderMarkdown(text);
    },

    /** Drafts the text again from the meeting's record (in another language, say). */
    async regenerate(actor: User, permissions: Actor, id: string, language?: Locale) {
      const row = await load(permissions, id);
      requireSecretary(permissions, row.minutes.assemblyId);
      if (row.minutes.correctsId) {
        throw new AppError(
          409,
          'minutes.published',
          'An erratum corrects the published text: it is not drafted again.',
        );
      }
      await db.transaction(async (tx) => {
        const locked = await lockEditable(tx, id);
        const minutes = createMinutesRepository({ db: tx });
        const chosen = language ?? locked.language;
        await minutes.update(id, {
          language: chosen,
          text: draftMinutes((await minutes.record(locked.meetingId, log, id))!, chosen),
          editedBy: actor.id,
          status: 'draft',
          approvedBy: null,
          approvedAt: null,
        });
      });
      return reload(permissions, id);
    },

    async approve(actor: User, permissions: Actor, id: string) {
      const row = await load(permissions, id);
      requireSecretary(permissions, row.minutes.assemblyId);
      await db.transaction(async (tx) => {
        const locked = await lockEditable(tx, id);
        if (locked.status === 'approved') return;
        const assembly = await createAssembliesRepository({ db: tx }).findById(locked.assemblyId);
        // Four eyes, when the assembly asks for them: whoever wrote this text does not approve it.
        if (assembly?.minutesSecondApproval && writerOf(locked) === actor.id) {
          throw new AppError(
            409,
            'minutes.second_approval_required',
            'Another secretary approves these minutes: you wrote this text.',
          );
        }
        await createMinutesRepository({ db: tx }).update(id, {
          status: 'approved',
          approvedBy: actor.id,
          approvedAt: new Date(),
        });
        await createEventsRepository({ db: tx }).append({
          assemblyId: locked.assemblyId,
          type: 'minutes.approved',
          actorId: actor.id,
          payload: { minutesId: id, meetingId: locked.meetingId, textHash: textHash(locked.text) },
        });
      });
      return reload(permissions, id);
    },

    /**
     * Publishes an approved version for good: it records the head of the assembly's event
     * chain (what these minutes cover) and the hash of the text, in the row and in the
     * `minutes.published` event, so that changing either later is detected by the audit.
     */
    async publish(actor: User, permissions: Actor, id: string) {
      const row = await load(permissions, id);
      requireSecretary(permissions, row.minutes.assemblyId);
      await db.transaction(async (tx) => {
        const locked = await lockEditable(tx, id);
        if (locked.status !== 'approved') {
          throw new AppError(
            409,
            'minutes.not_approved',
            'Approve the minutes before publishing them.',
          );
        }
        const minutes = createMinutesRepository({ db: tx });
        const events = createEventsRepository({ db: tx });
        const head = await minutes.chainHead(locked.assemblyId);
        const hash = textHash(locked.text);
        await minutes.update(id, {
          status: 'published',
          publishedBy: actor.id,
          publishedAt: new Date(),
          coversEventSeq: head?.seq ?? 0,
          coversEventHash: head?.hash ?? null,
          textHash: hash,
        });
        await events.append({
          assemblyId: locked.assemblyId,
          type: 'minutes.published',
          actorId: actor.id,
          payload: {
            minutesId: id,
            meetingId: locked.meetingId,
            meetingTitle: row.meetingTitle,
            version: locked.version,
            correctsId: locked.correctsId,
            coversEventSeq: head?.seq ?? 0,
            coversEventHash: head?.hash ?? null,
            textHash: hash,
          },
        });
      });
      return reload(permissions, id);
    },

    /** The Markdown file: exactly the text (its sha-256 is `textHash` once published). */
    async markdown(permissions: Actor | null, id: string) {
      const row = await load(permissions, id);
      return { text: row.minutes.text, fileName: fileName(row, 'md') };
    },

    async pdf(permissions: Actor | null, id: string) {
      const row = await load(permissions, id);
      const { minutes } = row;
      const t = messagesIn(minutes.language);
      // Published: the text's hash, and the head of the audit trail the minutes cover, which
      // anyone holding this paper can check a downloaded trail against.
      const covered =
        minutes.coversEventSeq && minutes.coversEventHash
          ? [
              t('pdf.trailHead', {
                head: printedHead({ seq: minutes.coversEventSeq, hash: minutes.coversEventHash }),
              }),
            ]
          : [];
      const footer = [
        row.assemblyName,
        `v${minutes.version}`,
        ...(minutes.status === 'published'
          ? [t('minutes.footerHash', { hash: minutes.textHash!.slice(0, 16) }), ...covered]
          : [t('minutes.footerDraft')]),
      ].join(' — ');
      const pdf = await markdownToPdf({
        title: `${t('minutes.title')} — ${row.meetingTitle}`,
        markdown: minutes.text,
        language: minutes.language,
        footer,
      });
      return { pdf, fileName: fileName(row, 'pdf') };
    },
  };
}

function fileName(row: MinutesWithNames, extension: string) {
  // The day as the assembly lived it: an evening in Guadeloupe is already tomorrow in UTC.
  const date = isoDayIn(row.minutes.createdAt, row.timeZone);
  const slug = row.meetingTitle
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `pv-${slug || 'seance'}-${date}-v${row.minutes.version}.${extension}`;
}

export type MinutesService = ReturnType<typeof createMinutesService>;
