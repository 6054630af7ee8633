import { z } from 'zod';

/**
 * Stable machine codes for every refusal the API can give. The web client translates them;
 * never rename one without noting it in the issue (clients depend on them).
 */
export const errorCodes = [
  'validation.invalid',
  'validation.invalid_text',
  'validation.unknown_reference',
  'validation.duplicate',
  'http.bad_url',
  'http.not_found',
  'http.payload_too_large',
  'http.unsupported_media_type',
  'http.method_not_allowed',
  'server.internal',
  'auth.unauthenticated',
  'auth.invalid_credentials',
  'auth.rate_limited',
  'auth.forbidden',
  'auth.forbidden_origin',
  'realtime.too_many_sockets',
  'auth.setup_unavailable',
  'auth.setup_token_invalid',
  'auth.email_taken',
  'invitations.not_found',
  'invitations.expired',
  'invitations.already_accepted',
  'invitations.already_member',
  'invitations.wrong_account',
  'assemblies.not_found',
  'assemblies.code_taken',
  'assemblies.invalid_parent',
  'colleges.not_found',
  'colleges.shares_not_100',
  'members.not_found',
  'members.import_malformed',
  'members.import_has_errors',
  'motions.not_found',
  'motions.invalid_state',
  'amendments.not_found',
  'amendments.invalid_state',
  'amendments.conflict',
  'polls.not_found',
  'polls.not_open',
  'polls.closed',
  'polls.invalid_state',
  'polls.amendments_pending',
  'polls.objections_open',
  'polls.consent_rounds_exhausted',
  'polls.already_running',
  'ballots.not_entitled',
  'ballots.already_cast',
  'ballots.no_proxy',
  'meetings.not_found',
  'meetings.invalid_state',
  'meetings.bad_code',
  'meetings.not_present',
  'meetings.no_quorum',
  'proxies.invalid',
  'proxies.cap_reached',
  'ballots.counted_at_site',
  'site_counts.too_many',
  'site_counts.college_required',
  'objections.not_found',
  'objections.invalid_state',
  'minutes.not_found',
  'minutes.meeting_not_ended',
  'minutes.draft_exists',
  'minutes.not_approved',
  'minutes.published',
  'congress.not_found',
  'congress.phase_closed',
  'congress.not_forwardable',
  'composites.invalid',
] as const;

export const errorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
    }),
  })
  .meta({ id: 'ApiError' });
export type ApiError = z.infer<typeof apiErrorSchema>;
