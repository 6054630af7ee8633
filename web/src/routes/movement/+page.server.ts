import { listAssemblies } from '$lib/api/assemblies.ts';
import { assemblyKinds } from '@cercle/shared/enums';
import { canManageAssemblies, requireUser, unwrap } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const assemblies = unwrap(await listAssemblies(event.fetch), event);
  const names = new Map(assemblies.map((assembly) => [assembly.id, assembly.name]));
  const collator = new Intl.Collator(event.locals.locale);

  const groups = assemblyKinds
    .map((kind) => ({
      kind,
      assemblies: assemblies
        .filter((assembly) => assembly.kind === kind)
        .sort((a, b) => collator.compare(a.name, b.name))
        .map(({ id, name, code, memberCount, parentId }) => ({
          id,
          name,
          code,
          memberCount,
          parentName: parentId ? (names.get(parentId) ?? null) : null,
        })),
    }))
    .filter((group) => group.assemblies.length > 0);

  return { groups, canCreate: canManageAssemblies(user) };
};
