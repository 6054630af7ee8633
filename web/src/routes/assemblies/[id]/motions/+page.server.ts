import { motionStatusSchema } from '@cercle/shared';
import { getAssembly } from '$lib/api/assemblies.ts';
import { listMotions } from '$lib/api/motions.ts';
import { assemblyPermissions, requireUser, unwrap } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { fetch, params, url } = event;
  const status = motionStatusSchema.safeParse(url.searchParams.get('status'));
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
  const filters = { status: status.success ? status.data : undefined, q: q || undefined };
  const [assembly, motions] = await Promise.all([
    getAssembly(fetch, params.id).then((result) => unwrap(result, event)),
    listMotions(fetch, params.id, filters).then((result) => unwrap(result, event)),
  ]);
  return {
    assembly: {
      id: assembly.id,
      name: assembly.name,
      supportersToAdmit: assembly.settings.supportersToAdmit,
    },
    motions,
    filters: { status: filters.status ?? '', q },
    permissions: assemblyPermissions(user, assembly.id),
    wide: true,
  };
};
