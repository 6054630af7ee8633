import { type Database, type MotionRow, type User } from '@cercle/db';
import {
  type Actor,
  type Amendment,
  type Coauthor,
  type CongressPhase,
  type CreateAmendmentBody,
  decidedMotionStatuses,
  type DiffSegment,
  type EventPayload,
  type MotionDetail,
  type MotionStatus,
  type MotionSummary,
  type MotionVersion,
  isMotionAuthor,
  type TypedEvent,
  openMotionStatuses,
  type UpdateMotionBody,
} from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { allows, type Permission, requirePermission } from '../../permissions.ts';
import { wordDiff } from '../../text/diff.ts';
import { renderMarkdown } from '../../text/markdown.ts';
import { createAssembliesRepository } from '../assemblies/assemblies.repository.ts';
import { createEventsRepository } from '../events/events.repository.ts';
import { createCoauthorsRepository } from './coauthors.repository.ts';
import { isAuthorOf } from './motion-authors.ts';
import { createMotionsRepository, type MotionsRepository } from './motions.repository.ts';

type SummaryRow = NonNullable<Awaited<ReturnType<MotionsRepository['summary']>>>;
type VersionRow = NonNullable<Awaited<ReturnType<MotionsRepository['version']>>>;
type AmendmentRowWithAuthor = Awaited<ReturnType<MotionsRepository['amendments']>>[number];
/** The decisions `transition` takes; an admission by a secretary says its status. */
type MotionTransition =
  | { type: 'motion.admitted'; payload: EventPayload<'motion.admitted'> & { status: 'admitted' } }
  | TypedEvent<'motion.withdrawn' | 'motion.referred'>;

/** Motions still open to change: text edits, support, amendments. */
export const editable: readonly MotionStatus[] = ['draft', ...openMotionStatuses];

export function motionReference(code: string, motion: Pick<MotionRow, 'year' | 'rank'>) {
  return motion.year && motion.rank
    ? `${code}-${motion.year}-${String(motion.rank).padStart(3, '0')}`
    : null;
}

function toSummary(row: SummaryRow, coauthors: Coauthor[]): MotionSummary {
  const { motion } = row;
  return {
    id: motion.id,
    assemblyId: motion.assemblyId,
    assemblyCode: row.assemblyCode,
    timeZone: row.timeZone,
    reference: motionReference(row.assemblyCode, motion),
    title: motion.title,
    status: motion.status,
    author: { id: motion.authorId, name: row.authorName },
    coauthors,
    currentVersion: motion.currentVersion,
    supporters: row.supporters,
    pendingAmendments: row.pendingAmendments,
    referredTo: motion.referredTo,
    createdAt: motion.createdAt.toISOString(),
    submittedAt: motion.submittedAt?.toISOString() ?? null,
    decidedAt: motion.decidedAt?.toISOString() ?? null,
  };
}

function toVersion({ version, authorName }: VersionRow): MotionVersion {
  return {
    version: version.version,
    title: version.title,
    text: version.text,
    html: renderMarkdown(version.text),
    note: version.note,
    amendmentId: version.amendmentId,
    createdBy: { id: version.createdBy, name: authorName },
    createdAt: version.createdAt.toISOString(),
  };
}

function toCoauthor(row: { userId: string; name: string; status: Coauthor['status'] }): Coauthor {
  return { id: row.userId, name: row.name, status: row.status };
}

export function notFound(): never {
  throw new AppError(404, 'motions.not_found', 'No such motion.');
}

/** An amendment of this motion adopted but not in its text yet (`amendment.needs_merge`). */
async function amendmentAwaitingMerge(
  motions: MotionsRepository,
  motionId: string,
  amendmentId: string,
) {
  const amendment = await motions.findAmendment(amendmentId, { lock: true });
  if (amendment?.motionId !== motionId) {
    throw new AppError(
      400,
      'validation.unknown_reference',
      'mergesAmendmentId: no such amendment of this motion',
      'mergesAmendmentId',
    );
  }
  if (amendment.status !== 'adopted' || amendment.resultingVersion !== null) {
    throw new AppError(
      409,
      'amendments.invalid_state',
      'This amendment waits for no merge: it is not adopted, or already in the text.',
      'mergesAmendmentId',
    );
  }
  return amendment;
}

function invalidState(message: string): never {
  throw new AppError(409, 'motions.invalid_state', message);
}

/**
 * Refuses unless a congress's phase is open (a no-op for other assemblies). The congress module
 * provides it: motions only need to ask, and must not depend on the congress that files them.
 */
export type PhaseCheck = (
  db: Database,
  assembly: { id: string; kind: string },
  phase: CongressPhase,
) => Promise<void>;

/**
 * Whether a decision on the motion is under way, read in `tx`. The polls module provides it: a
 * motion's text must not move while a poll on it runs, and motions must not depend on polls.
 */
export type RunningPollCheck = (tx: Database, motionId: string) => Promise<boolean>;

export function createMotionsService({
  db,
  requireOpenPhase,
  hasRunningPoll,
  hasOpenObjections,
}: {
  db: Database;
  requireOpenPhase: PhaseCheck;
  hasRunningPoll: RunningPollCheck;
  /** Whether a consent round left objections open: the authors then answer with a new version. */
  hasOpenObjections: RunningPollCheck;
}) {
  const repository = createMotionsRepository({ db });

  /** Loads a motion the viewer may see: drafts belong to their author alone. */
  async function visible(viewer: User, actor: Actor, motionId: string) {
    const motion = await repository.findById(motionId);
    if (!motion) notFound();
    const seesAssembly =
      allows(actor, 'assembly.view', { assemblyId: motion.assemblyId }) ||
      (motion.referredTo !== null &&
        allows(actor, 'assembly.view', { assemblyId: motion.referredTo })) ||
      // The whole movement prepares the congress: every antenna debates its motions.
      (await createAssembliesRepository({ db }).findById(motion.assemblyId))?.kind === 'congress';
    if (!seesAssembly) throw new AppError(403, 'auth.forbidden', 'You may not see this motion.');
    if (motion.status === 'draft' && motion.authorId !== viewer.id) {
      // Someone asked to co-sign a draft reads it to make up their mind; after declining, no more.
      const coauthor = await createCoauthorsRepository({ db }).find(motion.id, viewer.id);
      if (!coauthor || coauthor.status === 'declined') notFound();
    }
    return motion;
  }

  /** Loads a motion the viewer may see and may act on as `permission` in its assembly. */
  async function actable(
    viewer: User,
    actor: Actor,
    motionId: string,
    permission: Permission,
    refusal: string,
  ) {
    const motion = await visible(viewer, actor, motionId);
    requirePermission(actor, permission, { assemblyId: motion.assemblyId }, refusal);
    return motion;
  }

  /** The motion as `viewer` sees it; `permissions` tell whether they manage its co-authors. */
  async function detail(viewer: User, permissions: Actor, motionId: string): Promise<MotionDetail> {
    const row = (await repository.summary(motionId))!;
    const [current, supporters, assembly, coauthors] = await Promise.all([
      repository.version(motionId, row.motion.currentVersion),
      repository.supporters(motionId),
      createAssembliesRepository({ db }).findById(row.motion.assemblyId),
      createCoauthorsRepository({ db }).ofMotions([motionId]),
    ]);
    const { motion } = row;
    const isAuthor = isMotionAuthor({ authorId: motion.authorId, coauthors }, viewer.id);
    const mayManageCoauthors =
      motion.authorId === viewer.id ||
      allows(permissions, 'motion.admit', { assemblyId: motion.assemblyId });
    // Pending and declined invitations are the authors' business (and the invited person's).
    const shown = coauthors.filter(
      (coauthor) =>
        coauthor.status === 'accepted' ||
        isAuthor ||
        mayManageCoauthors ||
        coauthor.userId === viewer.id,
    );
    return {
      ...toSummary(row, shown.map(toCoauthor)),
      current: toVersion(current!),
      supportersNeeded: assembly!.supportersToAdmit,
      supportedByMe: supporters.some((supporter) => supporter.userId === viewer.id),
      supporterNames: supporters.map((supporter) => supporter.name),
      viewer: {
        isAuthor,
        mayManageCoauthors,
        invitation: coauthors.find((coauthor) => coauthor.userId === viewer.id)?.status ?? null,
      },
    };
  }

  /** Submits inside `tx`: numbers the motion and admits it at once if no support is needed. */
  async function submitIn(
    tx: Database,
    motion: MotionRow,
    actor: User,
    during: CongressPhase = 'call_for_motions',
  ) {
    const events = createEventsRepository({ db: tx });
    await events.lockChain(motion.assemblyId);
    const motions = createMotionsRepository({ db: tx });
    const assembly = (await createAssembliesRepository({ db: tx }).findById(motion.assemblyId))!;
    await requireOpenPhase(tx, assembly, during);
    const now = new Date();
    const year = now.getUTCFullYear();
    const rank = await motions.nextRank(motion.assemblyId, year);
    const status = assembly.supportersToAdmit === 0 ? 'admitted' : 'submitted';
    await motions.update(motion.id, { status, year, rank, submittedAt: now });
    await events.append({
      assemblyId: motion.assemblyId,
      type: 'motion.submitted',
      actorId: actor.id,
      payload: {
        motionId: motion.id,
        reference: motionReference(assembly.code, { year, rank }),
        status,
      },
    });
  }

  /**
   * A secretary's or the author's decision on a motion: its new status, and its event. `guard`
   * runs first inside the transaction (a check that must hold under a lock).
   */
  async function transition(
    actor: User,
    motion: MotionRow,
    { type, payload }: MotionTransition,
    guard?: (tx: Database) => Promise<void>,
  ) {
    const { status } = payload;
    await db.transaction(async (tx) => {
      if (guard) await guard(tx);
      await createMotionsRepository({ db: tx }).update(motion.id, {
        status,
        ...(decidedMotionStatuses.includes(status) ? { decidedAt: new Date() } : {}),
        ...('referredTo' in payload ? { referredTo: payload.referredTo } : {}),
      });
      await createEventsRepository({ db: tx }).append({
        assemblyId: motion.assemblyId,
        type,
        actorId: actor.id,
        payload,
      });
    });
  }

  function toAmendment(row: AmendmentRowWithAuthor, baseText: string): Amendment {
    const { amendment } = row;
    return {
      id: amendment.id,
      motionId: amendment.motionId,
      label: `A${amendment.rank}`,
      baseVersion: amendment.baseVersion,
      author: { id: amendment.authorId, name: row.authorName },
      onBehalfOf: amendment.onBehalfOf
        ? { id: amendment.onBehalfOf, name: row.onBehalfOfName ?? '' }
        : null,
      proposedText: amendment.proposedText,
      rationale: amendment.rationale,
      status: amendment.status,
      resultingVersion: amendment.resultingVersion,
      diff: wordDiff(baseText, amendment.proposedText),
      createdAt: amendment.createdAt.toISOString(),
      decidedAt: amendment.decidedAt?.toISOString() ?? null,
    };
  }

  /**
   * Writes a motion inside `tx` (its first version, and its submission when asked). `authorId`:
   * whose motion it is when not the actor's (an antenna's motion forwarded by its secretary).
   */
  async function createIn(
    tx: Database,
    actor: User,
    assemblyId: string,
    body: { title: string; text: string; submit: boolean; authorId?: string },
    /** In a congress, the phase that takes this submission (a composite comes later). */
    during: CongressPhase = 'call_for_motions',
  ) {
    const motions = createMotionsRepository({ db: tx });
    const motion = await motions.create({
      assemblyId,
      title: body.title,
      authorId: body.authorId ?? actor.id,
    });
    await motions.addVersion({
      motionId: motion.id,
      version: 1,
      title: body.title,
      text: body.text,
      createdBy: actor.id,
    });
    await createEventsRepository({ db: tx }).append({
      assemblyId,
      type: 'motion.created',
      actorId: actor.id,
      // No title: drafts are private, and events reach every member in real time.
      payload: { motionId: motion.id },
    });
    if (body.submit) await submitIn(tx, motion, actor, during);
    return motion.id;
  }

  return {
    visible,
    detail,

    /**
     * « reference · title » of motions the caller knows the viewer may name: those decided by the
     * polls of a meeting they attend (a poll is never on a draft).
     */
    async titlesOf(motionIds: readonly string[]): Promise<Record<string, string>> {
      const rows = await repository.titles(motionIds);
      return Object.fromEntries(
        rows.map((row) => {
          const reference = motionReference(row.assemblyCode, row);
          return [row.id, reference ? `${reference} · ${row.title}` : row.title];
        }),
      );
    },

    async list(viewer: User, assemblyId: string, filters: { status?: MotionStatus; q?: string }) {
      const rows = await repository.list(assemblyId, viewer.id, filters);
      // Lists name those who co-signed; invitations still pending show on the motion itself.
      const coauthors = await createCoauthorsRepository({ db }).ofMotions(
        rows.map((row) => row.motion.id),
        { acceptedOnly: true },
      );
      return rows.map((row) =>
        toSummary(
          row,
          coauthors.filter((coauthor) => coauthor.motionId === row.motion.id).map(toCoauthor),
        ),
      );
    },

    createIn,

    async create(
      actor: User,
      permissions: Actor,
      assemblyId: string,
      body: { title: string; text: string; submit: boolean },
    ) {
      const id = await db.transaction((tx) => createIn(tx, actor, assemblyId, body));
      return detail(actor, permissions, id);
    },

    /**
     * A text or title change makes a new version. The authors may edit until the motion is put
     * to a decision, and then to answer open objections; a secretary may edit until it is decided.
     */
    async update(actor: User, permissions: Actor, motionId: string, body: UpdateMotionBody) {
      const motion = await visible(actor, permissions, motionId);
      const isSecretary = allows(permissions, 'motion.admit', { assemblyId: motion.assemblyId });
      const isAuthor = await isAuthorOf(db, motion, actor.id);
      if (!isAuthor && !isSecretary) {
        throw new AppError(
          403,
          'auth.forbidden',
          'Only its authors or a secretary may edit this motion.',
        );
      }
      // Once put to a decision, a motion's text is the secretary's to change; its authors may
      // still write the version that answers objections left by a consent round.
      const answersObjections =
        motion.status === 'scheduled' && isAuthor && (await hasOpenObjections(db, motionId));
      if (
        !editable.includes(motion.status) ||
        (motion.status === 'scheduled' && !isSecretary && !answersObjections)
      ) {
        invalidState('This motion can no longer be edited.');
      }
      if (body.mergesAmendmentId && !isSecretary) {
        throw new AppError(
          403,
          'auth.forbidden',
          'Only a secretary records the merge of an adopted amendment.',
        );
      }
      await db.transaction(async (tx) => {
        const motions = createMotionsRepository({ db: tx });
        const locked = (await motions.findById(motionId, { lock: true }))!;
        // Under the motion's lock, which a new poll takes too: the text under decision stays.
        if (await hasRunningPoll(tx, motionId)) {
          invalidState('A decision on this motion is under way.');
        }
        const merged = body.mergesAmendmentId
          ? await amendmentAwaitingMerge(motions, motionId, body.mergesAmendmentId)
          : null;
        const current = (await motions.version(motionId, locked.currentVersion))!.version;
        const title = body.title ?? current.title;
        const text = body.text ?? current.text;
        if (title === current.title && text === current.text) {
          if (!merged) return;
          throw new AppError(
            400,
            'validation.invalid',
            'text: write the merged text (this is the current text)',
            'text',
          );
        }
        const version = locked.currentVersion + 1;
        const note = body.note || (merged ? `A${merged.rank}` : '');
        await motions.addVersion({
          motionId,
          version,
          title,
          text,
          note,
          amendmentId: merged?.id ?? null,
          createdBy: actor.id,
        });
        await motions.update(motionId, { title, currentVersion: version });
        if (merged) await motions.updateAmendment(merged.id, { resultingVersion: version });
        await createEventsRepository({ db: tx }).append({
          assemblyId: motion.assemblyId,
          type: 'motion.version_added',
          actorId: actor.id,
          payload: { motionId, version, note, ...(merged ? { amendmentId: merged.id } : {}) },
        });
      });
      return detail(actor, permissions, motionId);
    },

    async submit(actor: User, permissions: Actor, motionId: string) {
      const motion = await visible(actor, permissions, motionId);
      if (!(await isAuthorOf(db, motion, actor.id)))
        throw new AppError(403, 'auth.forbidden', 'Only its authors may submit this motion.');
      if (motion.status !== 'draft') invalidState('Only a draft can be submitted.');
      await db.transaction((tx) => submitIn(tx, motion, actor));
      return detail(actor, permissions, motionId);
    },

    /** Support from members; reaching the assembly's threshold admits the motion. */
    async support(actor: User, permissions: Actor, motionId: string, supporting: boolean) {
      const motion = await actable(
        actor,
        permissions,
        motionId,
        'motion.support',
        'Only members of this assembly may support it.',
      );
      if (!openMotionStatuses.includes(motion.status)) {
        invalidState('Only a submitted motion can be supported.');
      }
      await db.transaction(async (tx) => {
        const motions = createMotionsRepository({ db: tx });
        const events = createEventsRepository({ db: tx });
        const changed = supporting
          ? await motions.addSupporter(motionId, actor.id)
          : (await motions.removeSupporter(motionId, actor.id), true);
        if (!changed) return;
        await events.append({
          assemblyId: motion.assemblyId,
          type: supporting ? 'motion.supported' : 'motion.support_withdrawn',
          actorId: actor.id,
          payload: { motionId },
        });
        const locked = (await motions.findById(motionId, { lock: true }))!;
        const assembly = (await createAssembliesRepository({ db: tx }).findById(
          motion.assemblyId,
        ))!;
        const count = (await motions.supporters(motionId)).length;
        if (supporting && locked.status === 'submitted' && count >= assembly.supportersToAdmit) {
          await motions.update(motionId, { status: 'admitted' });
          await events.append({
            assemblyId: motion.assemblyId,
            type: 'motion.admitted',
            actorId: null,
            payload: { motionId, supporters: count, automatic: true },
          });
        }
      });
      return detail(actor, permissions, motionId);
    },

    async admit(actor: User, permissions: Actor, motionId: string) {
      const motion = await actable(
        actor,
        permissions,
        motionId,
        'motion.admit',
        'Only a secretary may admit a motion.',
      );
      if (motion.status !== 'submitted') invalidState('Only a submitted motion can be admitted.');
      await transition(actor, motion, {
        type: 'motion.admitted',
        payload: { motionId, status: 'admitted', automatic: false },
      });
      return detail(actor, permissions, motionId);
    },

    async withdraw(actor: User, permissions: Actor, motionId: string) {
      const motion = await visible(actor, permissions, motionId);
      if (!(await isAuthorOf(db, motion, actor.id)))
        throw new AppError(403, 'auth.forbidden', 'Only its authors may withdraw this motion.');
      if (!editable.includes(motion.status)) invalidState('This motion is already decided.');
      await transition(
        actor,
        motion,
        { type: 'motion.withdrawn', payload: { motionId, status: 'withdrawn' } },
        async (tx) => {
          await createMotionsRepository({ db: tx }).findById(motionId, { lock: true });
          if (await hasRunningPoll(tx, motionId)) {
            invalidState('A decision on this motion is under way; close it first.');
          }
        },
      );
      return detail(actor, permissions, motionId);
    },

    async refer(actor: User, permissions: Actor, motionId: string, targetId: string) {
      const motion = await actable(
        actor,
        permissions,
        motionId,
        'motion.admit',
        'Only a secretary may refer a motion.',
      );
      if (!openMotionStatuses.includes(motion.status)) {
        invalidState('Only a submitted motion can be referred.');
      }
      const target = await createAssembliesRepository({ db }).findById(targetId);
      if (
        !target ||
        !['working_group', 'congress'].includes(target.kind) ||
        target.id === motion.assemblyId
      ) {
        throw new AppError(
          400,
          'validation.invalid',
          'Refer to a working group or a congress.',
          'assemblyId',
        );
      }
      await transition(actor, motion, {
        type: 'motion.referred',
        payload: { motionId, status: 'referred', referredTo: target.id },
      });
      return detail(actor, permissions, motionId);
    },

    async versions(viewer: User, permissions: Actor, motionId: string) {
      await visible(viewer, permissions, motionId);
      return (await repository.versions(motionId)).map(toVersion);
    },

    async diff(viewer: User, permissions: Actor, motionId: string, from: number, to: number) {
      await visible(viewer, permissions, motionId);
      const [before, after] = await Promise.all([
        repository.version(motionId, from),
        repository.version(motionId, to),
      ]);
      if (!before) throw new AppError(404, 'motions.not_found', `No version ${from}.`, 'from');
      if (!after) throw new AppError(404, 'motions.not_found', `No version ${to}.`, 'to');
      const text = (v: VersionRow) => `${v.version.title}\n\n${v.version.text}`;
      return { from, to, segments: wordDiff(text(before), text(after)) satisfies DiffSegment[] };
    },

    async comments(viewer: User, permissions: Actor, motionId: string) {
      await visible(viewer, permissions, motionId);
      return (await repository.comments(motionId)).map(({ comment, authorName }) => ({
        id: comment.id,
        author: { id: comment.authorId, name: authorName },
        text: comment.text,
        html: renderMarkdown(comment.text),
        createdAt: comment.createdAt.toISOString(),
      }));
    },

    async comment(actor: User, permissions: Actor, motionId: string, text: string) {
      const motion = await actable(
        actor,
        permissions,
        motionId,
        'motion.comment',
        'Only members of this assembly may comment.',
      );
      const comment = await db.transaction(async (tx) => {
        const created = await createMotionsRepository({ db: tx }).addComment({
          motionId,
          authorId: actor.id,
          text,
        });
        await createEventsRepository({ db: tx }).append({
          assemblyId: motion.assemblyId,
          type: 'motion.commented',
          actorId: actor.id,
          payload: { motionId, commentId: created.id },
        });
        return created;
      });
      return {
        id: comment.id,
        author: { id: actor.id, name: actor.name },
        text: comment.text,
        html: renderMarkdown(comment.text),
        createdAt: comment.createdAt.toISOString(),
      };
    },

    async amendments(viewer: User, permissions: Actor, motionId: string) {
      await visible(viewer, permissions, motionId);
      const rows = await repository.amendments(motionId);
      const texts = new Map<number, string>();
      for (const row of await repository.versions(motionId))
        texts.set(row.version.version, row.version.text);
      return rows.map((row) => toAmendment(row, texts.get(row.amendment.baseVersion) ?? ''));
    },

    async amend(
      actor: User,
      permissions: Actor,
      motionId: string,
      body: CreateAmendmentBody & { rationale: string },
    ) {
      const motion = await visible(actor, permissions, motionId);
      const assemblies = createAssembliesRepository({ db });
      const assembly = (await assemblies.findById(motion.assemblyId))!;
      const antenna = body.antennaId ? await assemblies.findById(body.antennaId) : undefined;
      if (body.antennaId) {
        // An antenna amends a congress motion through its secretary, in its own name.
        if (
          assembly.kind !== 'congress' ||
          antenna?.kind !== 'antenna' ||
          !allows(permissions, 'congress.forward', { assemblyId: antenna.id })
        ) {
          throw new AppError(
            403,
            'auth.forbidden',
            'Only an antenna’s secretary may amend a congress motion in its name.',
            'antennaId',
          );
        }
      } else
        requirePermission(
          permissions,
          'motion.submit',
          { assemblyId: motion.assemblyId },
          'Only members of this assembly may amend.',
        );
      if (!openMotionStatuses.includes(motion.status)) {
        invalidState('Amendments are taken on submitted motions only.');
      }
      await requireOpenPhase(db, assembly, 'amendments');
      const baseVersion = body.baseVersion ?? motion.currentVersion;
      const base = await repository.version(motionId, baseVersion);
      if (!base)
        throw new AppError(400, 'validation.invalid', `No version ${baseVersion}.`, 'baseVersion');
      const created = await db.transaction(async (tx) => {
        const amendment = await createMotionsRepository({ db: tx }).createAmendment({
          motionId,
          baseVersion,
          authorId: actor.id,
          proposedText: body.proposedText,
          rationale: body.rationale,
          onBehalfOf: antenna?.id ?? null,
        });
        await createEventsRepository({ db: tx }).append({
          assemblyId: motion.assemblyId,
          type: 'amendment.submitted',
          actorId: actor.id,
          payload: { motionId, amendmentId: amendment.id, baseVersion, onBehalfOf: antenna?.id },
        });
        return amendment;
      });
      return toAmendment(
        { amendment: created, authorName: actor.name, onBehalfOfName: antenna?.name ?? null },
        base.version.text,
      );
    },

    async withdrawAmendment(actor: User, permissions: Actor, amendmentId: string) {
      const amendment = await repository.findAmendment(amendmentId);
      if (!amendment) throw new AppError(404, 'amendments.not_found', 'No such amendment.');
      const motion = await visible(actor, permissions, amendment.motionId);
      if (amendment.authorId !== actor.id)
        throw new AppError(403, 'auth.forbidden', 'Only the author may withdraw.');
      if (amendment.status !== 'submitted') {
        throw new AppError(409, 'amendments.invalid_state', 'This amendment is already decided.');
      }
      await db.transaction(async (tx) => {
        await createMotionsRepository({ db: tx }).updateAmendment(amendmentId, {
          status: 'withdrawn',
          decidedAt: new Date(),
        });
        await createEventsRepository({ db: tx }).append({
          assemblyId: motion.assemblyId,
          type: 'amendment.withdrawn',
          actorId: actor.id,
          payload: { motionId: motion.id, amendmentId },
        });
      });
    },
  };
}

export type MotionsService = ReturnType<typeof createMotionsService>;
