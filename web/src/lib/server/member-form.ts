import { memberRoleSchema, type MemberRole, type UpdateMemberBody } from '@cercle/shared';
import type { ApiFailure } from '$lib/api/client.ts';
import { present, problemFromApi, readChecked, readText, type FormProblem } from '$lib/forms.ts';
import type { MemberSettingsValues } from '$lib/member-settings.ts';

/** Inputs that carry the same name as the API's fields. */
export const memberApiFields = [
  'email',
  'name',
  'role',
  'collegeId',
  'votingRight',
  'organisation',
] as const;

/** Role, college, voting right and organisation: the part of a membership a secretary edits. */
export function readMemberSettings(form: FormData): {
  values: MemberSettingsValues;
  problems: FormProblem[];
  body: Required<UpdateMemberBody> & { role: MemberRole };
} {
  const role = memberRoleSchema.safeParse(readText(form, 'role'));
  const values: MemberSettingsValues = {
    role: role.success ? role.data : 'member',
    collegeId: readText(form, 'collegeId'),
    votingRight: readChecked(form, 'votingRight'),
    organisation: readText(form, 'organisation'),
  };
  const problems = present(
    values.organisation.length > 160
      ? { field: 'organisation', key: 'validation.organisationTooLong' }
      : undefined,
  );
  return {
    values,
    problems,
    body: {
      role: values.role,
      collegeId: values.collegeId || null,
      votingRight: values.votingRight,
      organisation: values.organisation || null,
    },
  };
}

/**
 * The API answers `invitations.already_member` ("you are already a member") when a secretary
 * adds or invites someone who is: said about that person, not about the secretary.
 */
export function memberProblemFromApi(failure: ApiFailure): FormProblem {
  return failure.code === 'invitations.already_member'
    ? { field: 'email', key: 'members.alreadyMember' }
    : problemFromApi(failure, memberApiFields);
}
