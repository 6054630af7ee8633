import {
  amendmentStatuses,
  minutesStatuses,
  motionStatuses,
  searchKinds,
  type SearchResult,
} from '@cercle/shared';
import type { FormProblem } from './forms.ts';
import type { MessageKey } from './i18n/messages.ts';

export const searchPageSize = 20;

/** The filters as the form sends them (GET), each '' when not chosen. */
export interface SearchForm {
  q: string;
  assemblyId: string;
  kind: string;
  status: string;
  from: string;
  to: string;
}

export const searchFields = ['q', 'assemblyId', 'kind', 'status', 'from', 'to'] as const;

export function readSearchForm(params: URLSearchParams): SearchForm {
  const read = (name: string) => (params.get(name) ?? '').trim();
  return {
    q: read('q'),
    assemblyId: read('assemblyId'),
    kind: read('kind'),
    status: read('status'),
    from: read('from'),
    to: read('to'),
  };
}

/** The page number asked for (`page`, from 1); anything else is the first page. */
export function readPage(params: URLSearchParams): number {
  const page = Number(params.get('page') ?? 1);
  return Number.isInteger(page) && page >= 1 && page <= 500 ? page : 1;
}

/** What the field the API refused (or the shared schema did) says to the person. */
export function searchProblem(field: string | undefined): FormProblem {
  if (field === 'q') return { field: 'q', key: 'search.problem.q' };
  if (field === 'from' || field === 'to') return { field, key: 'search.problem.dates' };
  if (field === 'assemblyId' || field === 'kind' || field === 'status') {
    return { field, key: 'search.problem.filter' };
  }
  return { key: 'search.problem.filter' };
}

/** The link to a page of the same search. */
export function searchPageHref(form: SearchForm, page: number): string {
  const params = new URLSearchParams();
  for (const field of searchFields) if (form[field]) params.set(field, form[field]);
  if (page > 1) params.set('page', String(page));
  return `?${params}`;
}

export const searchKindOptions = searchKinds;

/** Every status a result may have, once each: a motion's, an amendment's, minutes'. */
export const searchStatusOptions = [
  ...new Set<string>([...motionStatuses, ...amendmentStatuses, ...minutesStatuses]),
];

/** The words for a status: a motion's (`adoptée`), or an amendment's and minutes' own. */
export function statusKey(kind: SearchResult['kind'] | null, status: string): MessageKey {
  if (kind === 'amendment') return `amendmentStatus.${status}` as MessageKey;
  if (kind === 'minutes' || status === 'approved' || status === 'published') {
    return `search.minutesStatus.${status}` as MessageKey;
  }
  return `motionStatus.${status}` as MessageKey;
}
