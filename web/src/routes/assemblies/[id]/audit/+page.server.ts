import { fail } from '@sveltejs/kit';
import { auditEventFamilies, auditEventsQuerySchema, auditVisibilitySchema } from '@cercle/shared';
import {
  getAssembly,
  listAuditEvents,
  updateAssembly,
  verifyAuditTrail,
} from '$lib/api/assemblies.ts';
import { allows, forbidden, requireUser, unwrap } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

const filterNames = ['family', 'actorId', 'from', 'to'] as const;

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { fetch, params, url, locals } = event;
  const assembly = unwrap(await getAssembly(fetch, params.id), event);
  const scope = { assemblyId: assembly.id, auditVisibility: assembly.settings.auditVisibility };
  if (!allows(user, 'audit.read', scope)) forbidden();

  // The filters as typed; one the API would refuse is left out (and said), not an error page.
  const values = Object.fromEntries(
    filterNames.map((name) => [name, (url.searchParams.get(name) ?? '').trim().slice(0, 100)]),
  ) as Record<(typeof filterNames)[number], string>;
  const before = url.searchParams.get('before') ?? '';
  const candidate: Record<string, string> = { ...values, before };
  const parsed = auditEventsQuerySchema.safeParse(candidate);
  const rejected = parsed.success
    ? []
    : [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
  for (const name of rejected) {
    delete candidate[name];
    if (name in values) values[name as keyof typeof values] = '';
  }
  const filters = new URLSearchParams(
    Object.entries(candidate).filter(([key, value]) => key !== 'before' && value !== ''),
  );
  const query = new URLSearchParams(filters);
  if (candidate.before) query.set('before', candidate.before);
  query.set('lang', locals.locale);

  const [trail, verification] = await Promise.all([
    listAuditEvents(fetch, assembly.id, query).then((result) => unwrap(result, event)),
    verifyAuditTrail(fetch, assembly.id).then((result) => (result.ok ? result.data : null)),
  ]);
  return {
    assembly: { id: assembly.id, name: assembly.name, timeZone: assembly.settings.timeZone },
    timeZone: assembly.settings.timeZone,
    trail,
    verification,
    // The filter's families come from the server: the list is built from the shared schemas.
    families: auditEventFamilies,
    values,
    rejected,
    newestHref: `?${filters}`,
    olderHref:
      trail.nextBefore === null ? null : `?${withParam(filters, 'before', trail.nextBefore)}`,
    paged: Boolean(candidate.before),
    configure: allows(user, 'audit.configure', { assemblyId: assembly.id }),
    download: `/api/assemblies/${encodeURIComponent(assembly.id)}/audit/export.jsonl`,
  };
};

/** The filters with one more parameter, for a link to another page of the trail. */
function withParam(filters: URLSearchParams, name: string, value: number) {
  const query = new URLSearchParams(filters);
  query.set(name, String(value));
  return query;
}

export const actions: Actions = {
  /** A secretary chooses who reads the trail: every member, or the secretaries alone. */
  visibility: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const visibility = auditVisibilitySchema.safeParse(form.get('auditVisibility'));
    if (!visibility.success) return fail(400, { saved: false });
    const result = await updateAssembly(event.fetch, event.params.id, {
      settings: { auditVisibility: visibility.data },
    });
    if (!result.ok) return fail(result.status, { saved: false });
    return { saved: true };
  },
};
