import type { MemberRole } from '@cercle/shared';

/** The editable part of a membership, as the forms show it (`collegeId` empty for none). */
export interface MemberSettingsValues {
  role: MemberRole;
  collegeId: string;
  votingRight: boolean;
  organisation: string;
}

export const newMemberSettings: MemberSettingsValues = {
  role: 'member',
  collegeId: '',
  votingRight: true,
  organisation: '',
};
