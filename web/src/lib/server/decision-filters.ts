import { decisionListQuerySchema } from '@cercle/shared';

const filterNames = ['assemblyId', 'kind', 'outcome', 'from', 'to', 'q'] as const;
export type DecisionFilterValues = Record<(typeof filterNames)[number], string>;

/**
 * The register's filters from the page's address, as the form shows them, and the query for
 * the API without the ones it would refuse (a mistyped address shows the whole register, and
 * says which filter was left out, rather than an error page).
 */
export function readDecisionFilters(url: URL) {
  const values = Object.fromEntries(
    filterNames.map((name) => [name, (url.searchParams.get(name) ?? '').trim().slice(0, 200)]),
  ) as DecisionFilterValues;
  const page = Number(url.searchParams.get('page') ?? '1');
  const candidate: Record<string, string> = { ...values };
  const parsed = decisionListQuerySchema.safeParse(candidate);
  const rejected = parsed.success
    ? []
    : [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
  for (const name of rejected) {
    delete candidate[name];
    if (name in values) values[name as keyof DecisionFilterValues] = '';
  }
  const query = new URLSearchParams(Object.entries(candidate).filter(([, value]) => value !== ''));
  return {
    values,
    rejected,
    /** The filters alone, for the exports and the pages' links. */
    filters: new URLSearchParams(query),
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}
