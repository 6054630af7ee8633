import { getDiff, getMotion, listVersions } from '$lib/api/motions.ts';
import type { FormProblem } from '$lib/forms.ts';
import { requireUser, unwrap } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const { fetch, params, url } = event;
  const [motion, versions] = await Promise.all([
    getMotion(fetch, params.id).then((result) => unwrap(result, event)),
    listVersions(fetch, params.id).then((result) => unwrap(result, event)),
  ]);
  const known = new Set(versions.map((version) => version.version));
  const pick = (name: string, fallback: number) => {
    const value = Number(url.searchParams.get(name) ?? fallback);
    return Number.isInteger(value) && known.has(value) ? value : undefined;
  };
  const from = pick('from', Math.max(1, motion.currentVersion - 1));
  const to = pick('to', motion.currentVersion);

  const problems: FormProblem[] = [];
  if (from === undefined) problems.push({ field: 'from', key: 'validation.versionUnknown' });
  if (to === undefined) problems.push({ field: 'to', key: 'validation.versionUnknown' });
  const diff =
    from !== undefined && to !== undefined
      ? unwrap(await getDiff(fetch, params.id, from, to), event)
      : null;

  const describe = (number: number | undefined) => {
    const version = versions.find((candidate) => candidate.version === number);
    return version
      ? {
          version: version.version,
          note: version.note,
          author: version.createdBy.name,
          createdAt: version.createdAt,
        }
      : null;
  };
  return {
    motion: { id: motion.id, title: motion.title, reference: motion.reference },
    timeZone: motion.timeZone,
    versions: versions.map((version) => version.version),
    selected: {
      from: from ?? url.searchParams.get('from') ?? '',
      to: to ?? url.searchParams.get('to') ?? '',
    },
    from: describe(from),
    to: describe(to),
    segments: diff?.segments ?? null,
    problems,
  };
};
