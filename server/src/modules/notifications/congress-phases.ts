import { and, eq, gt, lte } from 'drizzle-orm';
import { assemblies, congressPhases, type Database, members } from '@cercle/db';
import { createNotificationsRepository } from './notifications.repository.ts';

const deadlineNoticeMs = 72 * 3600_000;

/**
 * Tells the movement when a congress phase opens, and 72 hours before it closes. Everyone who
 * belongs to the congress or to an antenna hears of it: antennas deliberate on congress
 * motions. Each notice is sent once (the notification's subject is congress/phase).
 */
export async function notifyCongressPhases(db: Database, now = new Date()) {
  const notifications = createNotificationsRepository({ db });
  const soon = new Date(now.getTime() + deadlineNoticeMs);
  const windows = await db
    .select({ phase: congressPhases, congressName: assemblies.name })
    .from(congressPhases)
    .innerJoin(assemblies, eq(assemblies.id, congressPhases.congressId))
    .where(and(lte(congressPhases.opensAt, now), gt(congressPhases.closesAt, now)));
  if (!windows.length) return 0;
  const antennaMembers = await db
    .select({ userId: members.userId })
    .from(members)
    .innerJoin(assemblies, eq(assemblies.id, members.assemblyId))
    .where(eq(assemblies.kind, 'antenna'));
  let sent = 0;
  for (const { phase, congressName } of windows) {
    const delegates = await notifications.memberIds(phase.congressId);
    const userIds = [...new Set([...delegates, ...antennaMembers.map((row) => row.userId)])];
    const base = {
      userIds,
      assemblyId: phase.congressId,
      motionId: null,
      subjectId: `${phase.congressId}/${phase.phase}`,
      title: congressName,
    };
    await notifications.add({ ...base, type: 'congress.phase_opened', createdAt: phase.opensAt });
    if (phase.closesAt <= soon)
      await notifications.add({ ...base, type: 'congress.deadline_soon' });
    sent += 1;
  }
  return sent;
}
