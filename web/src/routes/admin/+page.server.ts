import { listAssemblies } from '$lib/api/assemblies.ts';
import { assemblyKinds } from '@cercle/shared/enums';
import { canManageAssemblies, forbidden, requireUser, unwrap } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  if (!canManageAssemblies(requireUser(event))) forbidden();
  const assemblies = unwrap(await listAssemblies(event.fetch), event);
  const collator = new Intl.Collator(event.locals.locale);
  return {
    assemblies: assemblies
      .toSorted(
        (a, b) =>
          assemblyKinds.indexOf(a.kind) - assemblyKinds.indexOf(b.kind) ||
          collator.compare(a.name, b.name),
      )
      .map(({ id, name, kind, code, memberCount }) => ({ id, name, kind, code, memberCount })),
    wide: true,
  };
};
