import { and, eq } from 'drizzle-orm';
import { congressPhases, type Database } from '@cercle/db';
import type { CongressPhase } from '@cercle/shared';
import { AppError } from '../../errors.ts';

/** What each phase lets people do, for the refusal message. */
const actions: Record<CongressPhase, string> = {
  call_for_motions: 'Motions are submitted and forwarded',
  antenna_deliberation: 'Antennas record their mandates',
  amendments: 'Amendments are proposed',
  compositing: 'Motions are merged into composites',
  sittings: 'The congress decides in its sittings',
  publication: 'The adopted texts are published',
};

/**
 * Refuses, with the phase's dates, an action outside its congress phase. Assemblies that are
 * not congresses have no phases: everything stays open there.
 */
export async function requireOpenPhase(
  db: Database,
  assembly: { id: string; kind: string },
  phase: CongressPhase,
  now = new Date(),
) {
  if (assembly.kind !== 'congress') return;
  const [window] = await db
    .select()
    .from(congressPhases)
    .where(and(eq(congressPhases.congressId, assembly.id), eq(congressPhases.phase, phase)));
  if (window && window.opensAt <= now && now < window.closesAt) return;
  const dates = window
    ? ` from ${window.opensAt.toISOString()} to ${window.closesAt.toISOString()}`
    : '';
  const when = window && now < window.opensAt ? 'not open yet' : 'closed';
  throw new AppError(
    409,
    'congress.phase_closed',
    `${actions[phase]} during the ${phase} phase${dates}: it is ${when}.`,
  );
}
