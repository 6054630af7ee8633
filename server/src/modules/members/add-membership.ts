import type { Database } from '@cercle/db';
import { createEventsRepository } from '../events/events.repository.ts';
import { createMembersRepository, type MembershipValues } from './members.repository.ts';

/**
 * Makes a person a member and records it in the assembly's log. Call it inside the transaction
 * that adds them, so the membership and its record commit together. `source` names where a batch
 * came from (an import, the demo); a person added by hand has none, and no `source` in the event.
 */
export async function addMembership(
  tx: Database,
  {
    assemblyId,
    userId,
    values,
    actorId,
    source,
  }: {
    assemblyId: string;
    userId: string;
    values: MembershipValues;
    actorId: string;
    source?: 'import' | 'demo';
  },
) {
  await createMembersRepository({ db: tx }).insert(assemblyId, userId, values);
  await createEventsRepository({ db: tx }).append({
    assemblyId,
    type: 'member.added',
    actorId,
    payload: { userId, ...values, ...(source ? { source } : {}) },
  });
}
