/**
 * Accreditation as the rest of the meeting and other modules meet it: the refusals the polls and
 * elections give (a person who does not vote in a meeting that accredits is told why in the same
 * words wherever they try), the proxy rule, and the viewer's delegation on the meeting's page.
 */
import type { Database, MeetingRow } from '@cercle/db';
import type { MyDelegation } from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { createCongressRepository } from '../congress/congress.repository.ts';
import { createAccreditationRepository } from './accreditation.repository.ts';
import { createMeetingsRepository } from './meetings.repository.ts';

export const notAccredited = () =>
  new AppError(
    403,
    'delegates.not_accredited',
    'Only accredited delegates vote in this meeting: observers do not.',
  );

/**
 * Why someone outside a poll's electorate may not answer it: in a meeting that requires
 * accreditation, because they are not a delegate; elsewhere, because they hold no voting right.
 */
export async function notEntitledRefusal(db: Database, meetingId: string | null, words: string) {
  const meeting = meetingId ? await createMeetingsRepository({ db }).findById(meetingId) : null;
  if (meeting?.accreditationRequired) return notAccredited();
  return new AppError(403, 'ballots.not_entitled', words);
}

/**
 * In a meeting that requires accreditation, proxies pass between delegates only: a vote carried
 * by someone who is not a delegate, or given by someone who has none to give, counts for nothing.
 * The existing rules (one per grantor, the cap, no chains) apply on top.
 */
export async function requireDelegatesForProxy(
  db: Database,
  meeting: MeetingRow,
  grantorId: string,
  holderId: string,
) {
  if (!meeting.accreditationRequired) return;
  const repository = createAccreditationRepository({ db });
  const [grantor, holder] = await Promise.all([
    repository.delegate(meeting.id, grantorId),
    repository.delegate(meeting.id, holderId),
  ]);
  const refusal = (field: string) =>
    new AppError(
      400,
      'proxies.invalid',
      'In this meeting proxies pass between designated delegates only.',
      field,
    );
  if (!grantor) throw refusal('grantorId');
  if (!holder) throw refusal('holderId');
}

/** The viewer as a delegate of the meeting, with their antenna's mandates; null if not one. */
export async function myDelegation(
  db: Database,
  meeting: MeetingRow,
  userId: string,
): Promise<MyDelegation | null> {
  const row = await createAccreditationRepository({ db }).delegate(meeting.id, userId);
  if (!row) return null;
  const mandates = await createCongressRepository({ db }).antennaMandates(
    meeting.assemblyId,
    row.delegate.antennaId,
  );
  return {
    antenna: { id: row.delegate.antennaId, name: row.antennaName },
    accredited: row.delegate.accreditedAt !== null,
    mandates,
  };
}
