import type { Assembly } from '@cercle/shared';

/**
 * Assemblies that can hold others: antennas and congresses sit under a national assembly,
 * working groups under a national assembly or an antenna (the API checks the exact pairing).
 */
export function possibleParents(assemblies: readonly Assembly[], exceptId?: string) {
  return assemblies
    .filter(
      (assembly) =>
        (assembly.kind === 'national' || assembly.kind === 'antenna') && assembly.id !== exceptId,
    )
    .map(({ id, name, code }) => ({ id, name, code }));
}
