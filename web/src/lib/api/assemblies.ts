import {
  assemblyListSchema,
  assemblyResponseSchema,
  auditEventPageSchema,
  auditVerificationSchema,
  collegeListSchema,
  type Assembly,
  type AssemblyDetail,
  type AuditEventPage,
  type AuditVerification,
  type College,
  type CreateAssemblyBody,
  type ReplaceCollegesBody,
  type UpdateAssemblyBody,
} from '@cercle/shared';
import { requestApi, type ApiResult, type Fetch } from './client.ts';

const assemblyPath = (id: string) => `/assemblies/${encodeURIComponent(id)}`;
const parseAssembly = (body: unknown): AssemblyDetail =>
  assemblyResponseSchema.parse(body).assembly;
const parseColleges = (body: unknown): College[] => collegeListSchema.parse(body).colleges;

export function listAssemblies(fetch: Fetch): Promise<ApiResult<Assembly[]>> {
  return requestApi(fetch, {
    method: 'GET',
    path: '/assemblies',
    parse: (body) => assemblyListSchema.parse(body).assemblies,
  });
}

export function getAssembly(fetch: Fetch, id: string): Promise<ApiResult<AssemblyDetail>> {
  return requestApi(fetch, { method: 'GET', path: assemblyPath(id), parse: parseAssembly });
}

export function createAssembly(
  fetch: Fetch,
  body: CreateAssemblyBody,
): Promise<ApiResult<AssemblyDetail>> {
  return requestApi(fetch, { method: 'POST', path: '/assemblies', body, parse: parseAssembly });
}

export function updateAssembly(
  fetch: Fetch,
  id: string,
  body: UpdateAssemblyBody,
): Promise<ApiResult<AssemblyDetail>> {
  return requestApi(fetch, { method: 'PATCH', path: assemblyPath(id), body, parse: parseAssembly });
}

/** Shares are fractions (0.25 = 25 %); with weighting on they must total 1. */
export function replaceColleges(
  fetch: Fetch,
  id: string,
  body: ReplaceCollegesBody,
): Promise<ApiResult<College[]>> {
  return requestApi(fetch, {
    method: 'PUT',
    path: `${assemblyPath(id)}/colleges`,
    body,
    parse: parseColleges,
  });
}

/** The chain's verification: now, or one made `maxAgeSeconds` ago at most. */
export function verifyAuditTrail(
  fetch: Fetch,
  id: string,
  { maxAgeSeconds = 0 }: { maxAgeSeconds?: number } = {},
): Promise<ApiResult<AuditVerification>> {
  return requestApi(fetch, {
    method: 'GET',
    path: `${assemblyPath(id)}/audit/verify?maxAge=${maxAgeSeconds}`,
    parse: (body) => auditVerificationSchema.parse(body),
  });
}

/** A page of the assembly's audit trail in words, newest first; `query` as the page's filters. */
export function listAuditEvents(
  fetch: Fetch,
  id: string,
  query: URLSearchParams,
): Promise<ApiResult<AuditEventPage>> {
  return requestApi(fetch, {
    method: 'GET',
    path: `${assemblyPath(id)}/audit/events?${query}`,
    parse: (body) => auditEventPageSchema.parse(body),
  });
}
