import type { QuorumState } from './meetings.ts';

export interface PresenceInput {
  /** Every member holding the voting right, present or not. */
  voters: readonly {
    userId: string;
    collegeId: string | null;
    siteId: string | null;
    present: boolean;
  }[];
  /** Proxies in force for the meeting. */
  proxies: readonly { grantorId: string; holderId: string }[];
  quorum: number;
}

/**
 * Live quorum of a meeting: (present + represented) / entitled ≥ quorum. A proxy represents its
 * grantor only while the grantor is away and the holder is present; a grantor who checks in votes
 * in person.
 */
export function meetingQuorum({
  voters,
  proxies,
  quorum,
}: PresenceInput): QuorumState & { participants: number } {
  const byId = new Map(voters.map((voter) => [voter.userId, voter]));
  const bySite: QuorumState['bySite'] = {};
  const byCollege: QuorumState['byCollege'] = {};
  let present = 0;
  for (const voter of voters) {
    const college = (byCollege[voter.collegeId ?? 'none'] ??= { entitled: 0, present: 0 });
    college.entitled += 1;
    if (!voter.present) continue;
    present += 1;
    college.present += 1;
    const site = (bySite[voter.siteId ?? 'none'] ??= { present: 0, represented: 0 });
    site.present += 1;
  }
  let represented = 0;
  for (const proxy of proxies) {
    const grantor = byId.get(proxy.grantorId);
    const holder = byId.get(proxy.holderId);
    if (!grantor || grantor.present || !holder?.present) continue;
    represented += 1;
    (bySite[holder.siteId ?? 'none'] ??= { present: 0, represented: 0 }).represented += 1;
  }
  const entitled = voters.length;
  const participants = present + represented;
  return {
    entitled,
    present,
    represented,
    required: participantsRequired(quorum, entitled),
    reached: entitled === 0 ? quorum === 0 : participants / entitled >= quorum,
    bySite,
    byCollege,
    participants,
  };
}

/**
 * The fewest participants that reach `quorum` of `entitled`: the same test as `reached`
 * (participants / entitled ≥ quorum), so the number shown never disagrees with the decision.
 * `Math.ceil(quorum × entitled)` alone is wrong where the product is inexact in binary:
 * 0.3 × 10 = 3.0000000000000004 would ask for 4 people where 3 reach 30 %.
 */
export function participantsRequired(quorum: number, entitled: number): number {
  if (entitled <= 0) return 0;
  let required = Math.max(0, Math.round(quorum * entitled));
  while (required < entitled && required / entitled < quorum) required += 1;
  while (required > 0 && (required - 1) / entitled >= quorum) required -= 1;
  return required;
}
