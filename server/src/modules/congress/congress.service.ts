import { type AttachmentRow, type Database, type User } from '@cercle/db';
import {
  type Actor,
  type Congress,
  type CongressMotion,
  type CongressPhase,
  type CreateCongressBody,
  eventsOfType,
  type Locale,
  type Mandate,
  openMotionStatuses,
  type Result,
} from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { requirePermission } from '../../permissions.ts';
import { messagesIn } from '../../text/messages/index.ts';
import { renderMarkdown } from '../../text/markdown.ts';
import { markdownToPdf } from '../../text/pdf/index.ts';
import { createAssembliesRepository } from '../assemblies/assemblies.repository.ts';
import { printedHead } from '../events/event-hash.ts';
import type { AssembliesService } from '../assemblies/assemblies.service.ts';
import { createAttachmentsRepository } from '../attachments/attachments.repository.ts';
import { createEventsRepository } from '../events/events.repository.ts';
import { type EventReadLog, readEvents } from '../events/read-events.ts';
import { createCoauthorsRepository } from '../motions/coauthors.repository.ts';
import { isAuthorOf } from '../motions/motion-authors.ts';
import { createMotionsRepository } from '../motions/motions.repository.ts';
import { motionReference, type MotionsService } from '../motions/motions.service.ts';
import { adoptedTextsDocument } from './congress.document.ts';
import { requireOpenPhase } from './congress.phases.ts';
import { createCongressRepository } from './congress.repository.ts';

const notFound = (): never => {
  throw new AppError(404, 'congress.not_found', 'No such congress.');
};

/**
 * The congress: its dated phases, the motions that come to it (from members and forwarded by
 * antennas), the antennas' mandates, composites and the document of adopted texts.
 */
export function createCongressService({
  db,
  assemblies,
  motions,
  log,
}: {
  db: Database;
  assemblies: AssembliesService;
  motions: MotionsService;
  log: EventReadLog;
}) {
  const repository = createCongressRepository({ db });

  async function load(id: string) {
    return (await repository.congress(id)) ?? notFound();
  }

  function requireSecretariat(permissions: Actor, congressId: string) {
    requirePermission(
      permissions,
      'congress.prepare',
      { assemblyId: congressId },
      'Only the congress secretariat may do this.',
    );
  }

  /** An antenna's secretary acting in the antenna's name. */
  async function requireAntennaSecretary(permissions: Actor, antennaId: string, field: string) {
    const antenna = await createAssembliesRepository({ db }).findById(antennaId);
    if (antenna?.kind !== 'antenna') {
      throw new AppError(400, 'validation.invalid', `${field}: not an antenna`, field);
    }
    requirePermission(
      permissions,
      'congress.forward',
      { assemblyId: antennaId },
      'Only the antenna’s secretary may do this.',
    );
    return antenna;
  }

  async function timeline(id: string, now = new Date()): Promise<Congress> {
    const congress = await load(id);
    const phases = await repository.phases(id);
    const moveEvents = readEvents(
      await createEventsRepository({ db }).ofType(id, 'congress.phase_moved'),
      { log, reader: 'congress' },
    );
    const moves = eventsOfType(moveEvents, 'congress.phase_moved').map((row) => {
      const { payload } = row;
      const iso = (window: { opensAt: string; closesAt: string }) => ({
        opensAt: new Date(window.opensAt).toISOString(),
        closesAt: new Date(window.closesAt).toISOString(),
      });
      return {
        phase: payload.phase,
        at: row.createdAt.toISOString(),
        by: row.actorId ? { id: row.actorId, name: row.actorName ?? '' } : null,
        reason: payload.reason,
        from: iso(payload.from),
        to: iso(payload.to),
      };
    });
    const windows = phases.map((row) => ({
      phase: row.phase,
      opensAt: row.opensAt.toISOString(),
      closesAt: row.closesAt.toISOString(),
      state: (now < row.opensAt ? 'upcoming' : now < row.closesAt ? 'open' : 'closed') as
        'upcoming' | 'open' | 'closed',
      changes: row.changes,
      moves: moves
        .filter((move) => move.phase === row.phase)
        .map(({ phase: _phase, ...move }) => move),
    }));
    return {
      id: congress.id,
      name: congress.name,
      code: congress.code,
      timeZone: congress.timeZone,
      phases: windows,
      current: windows.find((window) => window.state === 'open')?.phase ?? null,
      counts: await repository.counts(id),
    };
  }

  /** Every submitted motion of the congress with origins, composites, mandates and result. */
  async function congressMotions(id: string): Promise<CongressMotion[]> {
    const congress = await load(id);
    const rows = await repository.motions(id);
    const ids = rows.map((row) => row.motion.id);
    const origins = rows.flatMap((row) => row.motion.forwardedFrom ?? []);
    const [mandates, links, results, coauthors] = [
      await repository.mandates(ids),
      await repository.compositeLinks(ids),
      await repository.lastResults([...ids, ...origins]),
      // Sources are motions of this congress too: their co-authors are among these.
      await createCoauthorsRepository({ db }).ofMotions(ids, { acceptedOnly: true }),
    ];
    const coauthorsOf = (motionId: string) =>
      coauthors
        .filter((row) => row.motionId === motionId)
        .map((row) => ({ id: row.userId, name: row.name }));
    const resultOf = (motionId: string) =>
      (results.filter((row) => row.motionId === motionId).at(-1)?.result as Result | null) ?? null;
    return rows.map(({ motion, authorName, originAntennaId, originAntennaName }) => ({
      id: motion.id,
      reference: motionReference(congress.code, motion),
      title: motion.title,
      status: motion.status,
      author: { id: motion.authorId, name: authorName },
      coauthors: coauthorsOf(motion.id),
      forwardedFrom:
        motion.forwardedFrom && originAntennaId
          ? {
              motionId: motion.forwardedFrom,
              antenna: { id: originAntennaId, name: originAntennaName ?? '' },
              result: resultOf(motion.forwardedFrom),
            }
          : null,
      sources: links
        .filter((row) => row.link.compositeId === motion.id)
        .map((row) => ({
          motionId: row.link.sourceId,
          title: row.sourceTitle,
          author: { id: row.sourceAuthorId, name: row.sourceAuthorName },
          coauthors: coauthorsOf(row.link.sourceId),
          response: row.link.response,
          note: row.link.note,
        })),
      mergedInto: links.find((row) => row.link.sourceId === motion.id)?.link.compositeId ?? null,
      mandates: mandates
        .filter((row) => row.mandate.motionId === motion.id)
        .map((row) => ({
          antenna: { id: row.mandate.antennaId, name: row.antennaName },
          mandate: row.mandate.mandate,
          pollId: row.mandate.pollId,
          note: row.mandate.note,
          recordedBy: row.mandate.recordedBy
            ? { id: row.mandate.recordedBy, name: row.recordedByName ?? '' }
            : null,
          recordedAt: row.mandate.recordedAt.toISOString(),
        })),
      result: resultOf(motion.id),
    }));
  }

  /** A motion of this congress that is still open to debate. */
  async function openMotion(congressId: string, motionId: string, field = 'motionId') {
    const motion = await createMotionsRepository({ db }).findById(motionId);
    if (!motion || motion.assemblyId !== congressId) {
      throw new AppError(
        400,
        'validation.invalid',
        `${field}: not a motion of this congress`,
        field,
      );
    }
    if (!openMotionStatuses.includes(motion.status)) {
      throw new AppError(409, 'motions.invalid_state', 'This motion is no longer open to debate.');
    }
    return motion;
  }

  /** The adopted texts, with their origins and results, as Markdown (and as PDF). */
  async function document(congressId: string, language: Locale) {
    const congress = await load(congressId);
    const adopted = (await congressMotions(congressId)).filter(
      (motion) => motion.status === 'adopted',
    );
    const texts = new Map(
      (await repository.currentTexts(adopted.map((motion) => motion.id))).map((row) => [
        row.motionId,
        row.text,
      ]),
    );
    const attachments = new Map<string, AttachmentRow[]>();
    const files = await createAttachmentsRepository({ db }).ofMany(
      'motion',
      adopted.map((motion) => motion.id),
    );
    for (const file of files) {
      attachments.set(file.subjectId, [...(attachments.get(file.subjectId) ?? []), file]);
    }
    const trailHead = await createEventsRepository({ db }).head(congressId);
    const markdown = adoptedTextsDocument({
      congress,
      motions: adopted,
      texts,
      attachments,
      language,
      trailHead,
    });
    return {
      congress,
      markdown,
      trailHead,
      fileName: `textes-adoptes-${congress.code.toLowerCase()}`,
    };
  }

  return {
    timeline,
    motions: congressMotions,

    /** A congress: an assembly of kind `congress` with its six dated phases. */
    async create(actor: User, body: CreateCongressBody & { parentId: string | null }) {
      const created = await assemblies.create(actor, {
        kind: 'congress',
        name: body.name,
        code: body.code,
        description: '',
        parentId: body.parentId,
      });
      await db.transaction(async (tx) => {
        const phases = body.phases.map((entry) => ({
          phase: entry.phase,
          opensAt: new Date(entry.opensAt),
          closesAt: new Date(entry.closesAt),
        }));
        await createCongressRepository({ db: tx }).setPhases(created.id, phases);
        await createEventsRepository({ db: tx }).append({
          assemblyId: created.id,
          type: 'congress.scheduled',
          actorId: actor.id,
          payload: { phases: body.phases },
        });
      });
      return timeline(created.id);
    },

    /**
     * Moves a phase's dates (extending a deadline, usually). Phases keep their order: a window
     * may not overlap its neighbours. The change and its reason are recorded.
     */
    async movePhase(
      actor: User,
      permissions: Actor,
      congressId: string,
      phase: CongressPhase,
      body: { opensAt?: string; closesAt?: string; reason: string },
    ) {
      await load(congressId);
      requireSecretariat(permissions, congressId);
      await db.transaction(async (tx) => {
        const congress = createCongressRepository({ db: tx });
        await createEventsRepository({ db: tx }).lockChain(congressId);
        const phases = await congress.phases(congressId);
        const index = phases.findIndex((row) => row.phase === phase);
        const current = phases[index]!;
        const opensAt = body.opensAt ? new Date(body.opensAt) : current.opensAt;
        const closesAt = body.closesAt ? new Date(body.closesAt) : current.closesAt;
        const invalid = (field: string, message: string) =>
          new AppError(400, 'validation.invalid', `${field}: ${message}`, field);
        if (closesAt <= opensAt) throw invalid('closesAt', 'must be after opensAt');
        const before = phases[index - 1];
        const after = phases[index + 1];
        if (before && opensAt < before.closesAt) {
          throw invalid('opensAt', `${before.phase} closes later: move it first`);
        }
        if (after && closesAt > after.opensAt) {
          throw invalid('closesAt', `${after.phase} opens earlier: move it first`);
        }
        await congress.movePhase(congressId, phase, { opensAt, closesAt });
        await createEventsRepository({ db: tx }).append({
          assemblyId: congressId,
          type: 'congress.phase_moved',
          actorId: actor.id,
          payload: {
            phase,
            from: {
              opensAt: current.opensAt.toISOString(),
              closesAt: current.closesAt.toISOString(),
            },
            to: { opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString() },
            reason: body.reason,
          },
        });
      });
      return timeline(congressId);
    },

    /**
     * An antenna forwards a motion it adopted: the congress gets a copy of its adopted text,
     * linked to the original (and so to its result and antenna). The copy keeps the original's
     * author and co-authors, who answer for it at the congress; the event records which
     * secretary forwarded it.
     */
    async forward(actor: User, permissions: Actor, congressId: string, motionId: string) {
      const congress = await load(congressId);
      const origin = await createMotionsRepository({ db }).findById(motionId);
      if (!origin) throw new AppError(404, 'motions.not_found', 'No such motion.', 'motionId');
      await requireAntennaSecretary(permissions, origin.assemblyId, 'motionId');
      if (origin.status !== 'adopted') {
        throw new AppError(
          409,
          'congress.not_forwardable',
          'Only a motion the antenna adopted can be forwarded.',
          'motionId',
        );
      }
      if (await repository.forwardedCopy(origin.id)) {
        throw new AppError(
          409,
          'congress.not_forwardable',
          'This motion was already forwarded.',
          'motionId',
        );
      }
      await requireOpenPhase(db, congress, 'call_for_motions');
      const text = (await createMotionsRepository({ db }).version(
        origin.id,
        origin.currentVersion,
      ))!;
      const coauthors = await createCoauthorsRepository({ db }).ofMotions([origin.id], {
        acceptedOnly: true,
      });
      await db.transaction(async (tx) => {
        const id = await motions.createIn(tx, actor, congressId, {
          title: text.version.title,
          text: text.version.text,
          submit: true,
          authorId: origin.authorId,
        });
        // They signed the text the antenna adopted: they co-sign its copy without being asked again.
        for (const coauthor of coauthors) {
          await createCoauthorsRepository({ db: tx }).add({
            motionId: id,
            userId: coauthor.userId,
            invitedBy: coauthor.invitedBy,
            status: 'accepted',
            answeredAt: coauthor.answeredAt,
          });
        }
        // An antenna's adopted motion needs no further supporters to be debated.
        await createMotionsRepository({ db: tx }).update(id, {
          forwardedFrom: origin.id,
          status: 'admitted',
        });
        await createEventsRepository({ db: tx }).append({
          assemblyId: congressId,
          type: 'congress.motion_forwarded',
          actorId: actor.id,
          payload: {
            motionId: id,
            originId: origin.id,
            antennaId: origin.assemblyId,
            authorId: origin.authorId,
            coauthorIds: coauthors.map((coauthor) => coauthor.userId),
          },
        });
      });
      return congressMotions(congressId);
    },

    /** An antenna's instruction to its delegates on one congress motion (the latest holds). */
    async recordMandate(
      actor: User,
      permissions: Actor,
      congressId: string,
      body: { motionId: string; antennaId: string; mandate: Mandate; note: string },
    ) {
      const congress = await load(congressId);
      const antenna = await requireAntennaSecretary(permissions, body.antennaId, 'antennaId');
      await openMotion(congressId, body.motionId);
      await requireOpenPhase(db, congress, 'antenna_deliberation');
      await db.transaction(async (tx) => {
        await createCongressRepository({ db: tx }).recordMandate({
          motionId: body.motionId,
          antennaId: antenna.id,
          mandate: body.mandate,
          note: body.note,
          recordedBy: actor.id,
        });
        await createEventsRepository({ db: tx }).append({
          assemblyId: congressId,
          type: 'congress.mandate_recorded',
          actorId: actor.id,
          payload: { motionId: body.motionId, antennaId: antenna.id, mandate: body.mandate },
        });
      });
      return congressMotions(congressId);
    },

    /**
     * Merges similar motions into one composite text that keeps its origins; the originals
     * are marked merged, and their authors are asked to accept or object.
     */
    async composite(
      actor: User,
      permissions: Actor,
      congressId: string,
      body: { title: string; text: string; motionIds: string[] },
    ) {
      const congress = await load(congressId);
      requireSecretariat(permissions, congressId);
      const unique = [...new Set(body.motionIds)];
      if (unique.length < 2) {
        throw new AppError(
          400,
          'composites.invalid',
          'motionIds: merge two motions or more',
          'motionIds',
        );
      }
      for (const id of unique) await openMotion(congressId, id, 'motionIds');
      await requireOpenPhase(db, congress, 'compositing');
      await db.transaction(async (tx) => {
        const id = await motions.createIn(
          tx,
          actor,
          congressId,
          { title: body.title, text: body.text, submit: true },
          'compositing',
        );
        const repositoryInTx = createCongressRepository({ db: tx });
        await repositoryInTx.addCompositeSources(id, unique);
        const motionsInTx = createMotionsRepository({ db: tx });
        // The secretariat's synthesis carries its sources' support: it is admitted at once.
        await motionsInTx.update(id, { status: 'admitted' });
        for (const source of unique) await motionsInTx.update(source, { status: 'merged' });
        await createEventsRepository({ db: tx }).append({
          assemblyId: congressId,
          type: 'congress.composite_made',
          actorId: actor.id,
          payload: { motionId: id, sourceIds: unique },
        });
      });
      return congressMotions(congressId);
    },

    /** An author (or accepted co-author) of a merged motion accepts the composite, or objects. */
    async respondToComposite(
      actor: User,
      congressId: string,
      compositeId: string,
      sourceId: string,
      body: { response: 'accepted' | 'objected'; note: string },
    ) {
      const congress = await load(congressId);
      const source = await createMotionsRepository({ db }).findById(sourceId);
      if (!source || source.assemblyId !== congressId) {
        throw new AppError(404, 'motions.not_found', 'No such motion.');
      }
      if (!(await isAuthorOf(db, source, actor.id))) {
        throw new AppError(
          403,
          'auth.forbidden',
          'Only the authors of the merged motion may answer.',
        );
      }
      await requireOpenPhase(db, congress, 'compositing');
      await db.transaction(async (tx) => {
        const answered = await createCongressRepository({ db: tx }).respond(
          compositeId,
          sourceId,
          body,
        );
        if (!answered)
          throw new AppError(
            404,
            'composites.invalid',
            'This motion is not part of that composite.',
          );
        await createEventsRepository({ db: tx }).append({
          assemblyId: congressId,
          type: 'congress.composite_answered',
          actorId: actor.id,
          payload: { compositeId, sourceId, response: body.response },
        });
      });
      return congressMotions(congressId);
    },

    document,

    /**
     * The current texts of the congress's adopted motions (what the publication page shows, the
     * document's, in HTML) or of those still debated (what compositing puts side by side).
     */
    async texts(congressId: string, which: 'adopted' | 'open') {
      await load(congressId);
      const adopted = (await congressMotions(congressId)).filter((motion) =>
        which === 'adopted'
          ? motion.status === 'adopted'
          : openMotionStatuses.includes(motion.status),
      );
      const texts = new Map(
        (await repository.currentTexts(adopted.map((motion) => motion.id))).map((row) => [
          row.motionId,
          row,
        ]),
      );
      return adopted.flatMap((motion) => {
        const current = texts.get(motion.id);
        return current
          ? [{ motionId: motion.id, version: current.version, html: renderMarkdown(current.text) }]
          : [];
      });
    },

    async pdf(congressId: string, language: Locale) {
      const { congress, markdown, trailHead, fileName } = await document(congressId, language);
      const t = messagesIn(language);
      const pdf = await markdownToPdf({
        title: `${t('congress.title')} — ${congress.name}`,
        markdown,
        language,
        footer: trailHead?.seq
          ? `${congress.name} — ${t('pdf.trailHead', { head: printedHead(trailHead) })}`
          : congress.name,
      });
      return { pdf, fileName };
    },
  };
}

export type CongressService = ReturnType<typeof createCongressService>;
