/**
 * Objections raised in a consent round: listed with the motion, withdrawn by their author,
 * ruled out (with a reason) by a secretary, or integrated (with the version that answers them) by
 * a secretary or by the motion's authors, who answer them with a new version of their text.
 */
import type { Database, MotionPollRow, User } from '@cercle/db';
import type { UpdateObjectionBody } from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { type Actor, allows } from '../../permissions.ts';
import { createEventsRepository } from '../events/events.repository.ts';
import { isAuthorOf } from '../motions/motion-authors.ts';
import type { MotionsService } from '../motions/motions.service.ts';
import { requirePollSecretary } from './poll-lifecycle.ts';
import { toObjection, type PollView } from './poll-view.ts';
import { createPollsRepository } from './polls.repository.ts';

export function createObjections({
  db,
  view,
  motions,
}: {
  db: Database;
  view: PollView;
  motions: MotionsService;
}) {
  const repository = createPollsRepository({ db });

  return {
    async list(viewer: User, permissions: Actor, where: { motionId?: string; pollId?: string }) {
      if (where.pollId) await view.loadVisible(permissions, where.pollId);
      if (where.motionId) await motions.visible(viewer, permissions, where.motionId);
      return (await repository.objections(where)).map(toObjection);
    },

    async update(actor: User, permissions: Actor, objectionId: string, body: UpdateObjectionBody) {
      const [row] = await repository.objections({ id: objectionId });
      if (!row) throw new AppError(404, 'objections.not_found', 'No such objection.');
      const motion = await motions.visible(actor, permissions, row.objection.motionId);
      if (row.objection.status !== 'open') {
        throw new AppError(409, 'objections.invalid_state', 'This objection is already resolved.');
      }
      if (body.status === 'withdrawn' && row.objection.authorId !== actor.id) {
        throw new AppError(403, 'auth.forbidden', 'Only its author may withdraw an objection.');
      }
      if (body.status === 'ruled_out') requirePollSecretary(permissions, motion.assemblyId);
      if (body.status === 'integrated') {
        if (
          !allows(permissions, 'poll.open', { assemblyId: motion.assemblyId }) &&
          !(await isAuthorOf(db, motion, actor.id))
        ) {
          throw new AppError(
            403,
            'auth.forbidden',
            'Only the motion’s authors or a secretary may integrate an objection.',
          );
        }
        const poll = (await repository.findById(row.objection.pollId)) as MotionPollRow;
        if (body.version <= poll.motionVersion || body.version > motion.currentVersion) {
          throw new AppError(
            400,
            'validation.invalid',
            'version: give the new motion version that answers the objection',
            'version',
          );
        }
      }
      await db.transaction(async (tx) => {
        await createPollsRepository({ db: tx }).updateObjection(objectionId, {
          status: body.status,
          resolvedBy: actor.id,
          resolvedAt: new Date(),
          ...(body.status === 'ruled_out' ? { resolution: body.reason } : {}),
          ...(body.status === 'integrated' ? { integratedVersion: body.version } : {}),
        });
        await createEventsRepository({ db: tx }).append({
          assemblyId: motion.assemblyId,
          type: `objection.${body.status}`,
          actorId: actor.id,
          payload: { objectionId, motionId: motion.id, ...body },
        });
      });
      const [updated] = await repository.objections({ id: objectionId });
      return toObjection(updated!);
    },
  };
}
