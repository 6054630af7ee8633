import { listDecisions } from '$lib/api/decisions.ts';
import { readDecisionFilters } from '$lib/server/decision-filters.ts';
import { requireUser, unwrap } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

const pageSize = 50;

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const { values, rejected, filters, page } = readDecisionFilters(event.url);
  const query = new URLSearchParams(filters);
  query.set('limit', String(pageSize));
  query.set('offset', String((page - 1) * pageSize));
  query.set('lang', event.locals.locale);
  const register = unwrap(await listDecisions(event.fetch, query), event);
  const exportQuery = new URLSearchParams(filters);
  exportQuery.set('lang', event.locals.locale);
  const pages = Math.max(1, Math.ceil(register.total / pageSize));
  const pageHref = (number: number) => {
    const link = new URLSearchParams(filters);
    if (number > 1) link.set('page', String(number));
    return `?${link}`;
  };
  return {
    register,
    values,
    rejected,
    page,
    pages,
    previousHref: page > 1 ? pageHref(page - 1) : null,
    nextHref: page < pages ? pageHref(page + 1) : null,
    exportQuery: exportQuery.toString(),
    wide: true,
  };
};
