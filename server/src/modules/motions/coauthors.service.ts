/**
 * A motion's co-authors: its author (or a secretary) asks members to co-sign it, each answers,
 * and co-authors who accepted share the author's rights (see `motion-authors.ts`).
 */
import type { Database, MotionRow, User } from '@cercle/db';
import { type Actor, personSearchLimit } from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { allows } from '../../permissions.ts';
import { createAssembliesRepository } from '../assemblies/assemblies.repository.ts';
import { createEventsRepository } from '../events/events.repository.ts';
import { createCoauthorsRepository } from './coauthors.repository.ts';
import { coauthorScope } from './motion-authors.ts';
import { createMotionsRepository } from './motions.repository.ts';
import { editable, type MotionsService, notFound } from './motions.service.ts';

export function createCoauthorsService({ db, motions }: { db: Database; motions: MotionsService }) {
  const repository = createCoauthorsRepository({ db });

  /** The author names who co-signs; a secretary may too (to record co-signatures given on paper). */
  function requireManager(actor: User, permissions: Actor, motion: MotionRow) {
    if (
      motion.authorId !== actor.id &&
      !allows(permissions, 'motion.admit', { assemblyId: motion.assemblyId })
    ) {
      throw new AppError(
        403,
        'auth.forbidden',
        'Only the motion’s author or a secretary may invite or remove its co-authors.',
      );
    }
  }

  /** Signatures are part of the record once the motion is decided: they no longer change. */
  function requireOpen(motion: MotionRow) {
    if (!editable.includes(motion.status)) {
      throw new AppError(
        409,
        'motions.invalid_state',
        'This motion is decided: its co-authors no longer change.',
      );
    }
  }

  async function scopeOf(motion: MotionRow) {
    const assembly = (await createAssembliesRepository({ db }).findById(motion.assemblyId))!;
    return coauthorScope(assembly);
  }

  return {
    /** The people the author may still ask to co-sign, found by name (twenty at most). */
    async candidates(actor: User, permissions: Actor, motionId: string, text: string) {
      const motion = await motions.visible(actor, permissions, motionId);
      requireManager(actor, permissions, motion);
      const asked = await repository.ofMotions([motionId]);
      const { assemblyIds, antennas } = await scopeOf(motion);
      return repository.candidates(
        assemblyIds,
        antennas,
        [motion.authorId, ...asked.map((row) => row.userId)],
        { text, limit: personSearchLimit },
      );
    },

    async invite(actor: User, permissions: Actor, motionId: string, userId: string) {
      const motion = await motions.visible(actor, permissions, motionId);
      requireManager(actor, permissions, motion);
      requireOpen(motion);
      if (userId === motion.authorId) {
        throw new AppError(
          400,
          'coauthors.is_author',
          'userId: the author already signs this motion.',
          'userId',
        );
      }
      const { assemblyIds, antennas } = await scopeOf(motion);
      if (!(await repository.isMemberOfAny(userId, assemblyIds, antennas))) {
        throw new AppError(
          400,
          'coauthors.not_member',
          'userId: only a member of the assembly may co-sign its motion.',
          'userId',
        );
      }
      await db.transaction(async (tx) => {
        const added = await createCoauthorsRepository({ db: tx }).add({
          motionId,
          userId,
          invitedBy: actor.id,
        });
        if (!added) {
          throw new AppError(
            409,
            'coauthors.already_invited',
            'This person was already asked to co-sign this motion.',
            'userId',
          );
        }
        await createEventsRepository({ db: tx }).append({
          assemblyId: motion.assemblyId,
          type: 'motion.coauthor_invited',
          actorId: actor.id,
          payload: { motionId, userId },
        });
      });
      return motions.detail(actor, permissions, motionId);
    },

    /** The invited person's answer; only they give it, and only once. */
    async answer(actor: User, permissions: Actor, motionId: string, answer: 'accept' | 'decline') {
      const motion = await createMotionsRepository({ db }).findById(motionId);
      if (!motion) notFound();
      const invitation = await repository.find(motionId, actor.id);
      if (!invitation) {
        throw new AppError(
          404,
          'coauthors.not_found',
          'You were not asked to co-sign this motion.',
        );
      }
      if (invitation.status !== 'invited') {
        throw new AppError(409, 'coauthors.already_answered', 'You already answered.');
      }
      requireOpen(motion);
      const status = answer === 'accept' ? 'accepted' : 'declined';
      await db.transaction(async (tx) => {
        // Only a pending invitation changes: of two answers at once, the second is refused.
        if (!(await createCoauthorsRepository({ db: tx }).answer(motionId, actor.id, status))) {
          throw new AppError(409, 'coauthors.already_answered', 'You already answered.');
        }
        await createEventsRepository({ db: tx }).append({
          assemblyId: motion.assemblyId,
          type: answer === 'accept' ? 'motion.coauthor_accepted' : 'motion.coauthor_declined',
          actorId: actor.id,
          payload: { motionId, userId: actor.id },
        });
      });
      return motions.detail(actor, permissions, motionId);
    },

    /** An invitation withdrawn or a co-author removed (by the author), or a co-author leaving. */
    async remove(actor: User, permissions: Actor, motionId: string, userId: string) {
      const motion = await motions.visible(actor, permissions, motionId);
      if (userId !== actor.id) requireManager(actor, permissions, motion);
      const coauthor = await repository.find(motionId, userId);
      if (!coauthor) {
        throw new AppError(
          404,
          'coauthors.not_found',
          'userId: this person was not asked to co-sign this motion.',
          'userId',
        );
      }
      requireOpen(motion);
      await db.transaction(async (tx) => {
        await createCoauthorsRepository({ db: tx }).remove(motionId, userId);
        await createEventsRepository({ db: tx }).append({
          assemblyId: motion.assemblyId,
          type: 'motion.coauthor_removed',
          actorId: actor.id,
          payload: { motionId, userId, previousStatus: coauthor.status },
        });
      });
      return motions.detail(actor, permissions, motionId);
    },
  };
}

export type CoauthorsService = ReturnType<typeof createCoauthorsService>;
