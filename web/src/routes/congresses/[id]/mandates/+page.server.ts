import { listAssemblies } from '$lib/api/assemblies.ts';
import { mandatesByAntenna } from '$lib/mandates-overview.ts';
import { loadCongressMotions } from '$lib/server/congress-page.ts';
import { requireUser, unwrap } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const [{ congress, motions }, assemblies] = await Promise.all([
    loadCongressMotions(event),
    listAssemblies(event.fetch).then((result) => unwrap(result, event)),
  ]);
  const antennas = assemblies
    .filter((assembly) => assembly.kind === 'antenna')
    .map(({ id, name }) => ({ id, name }));
  const mine = new Set(user.memberships.map((membership) => membership.assemblyId));
  return {
    congress: { id: congress.id, name: congress.name },
    motionCount: motions.filter((motion) => motion.status !== 'merged').length,
    antennas: mandatesByAntenna(motions, antennas, mine),
  };
};
