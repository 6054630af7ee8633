import type { QuorumState } from './meetings.ts';

export interface PresenceInput {
  /**
   * Every member holding the voting right, present or not; `count` (1 if left out) stands for
   * that many voters alike, so that an assembly of thousands is a few groups. Voters a proxy names
   * come one by one, with their `userId`.
   */
  voters: readonly {
    userId: string | null;
    collegeId: string | null;
    siteId: string | null;
    present: boolean;
    count?: number;
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
  // A proxy names its grantor and holder one by one; groups are nobody's.
  const byId = new Map(
    voters.flatMap((voter) => (voter.userId === null ? [] : [[voter.userId, voter] as const])),
  );
  const bySite: QuorumState['bySite'] = {};
  const byCollege: QuorumState['byCollege'] = {};
  let entitled = 0;
  let present = 0;
  for (const voter of voters) {
    const count = voter.count ?? 1;
    entitled += count;
    const college = (byCollege[voter.collegeId ?? 'none'] ??= { entitled: 0, present: 0 });
    college.entitled += count;
    if (!voter.present) continue;
    present += count;
    college.present += count;
    const site = (bySite[voter.siteId ?? 'none'] ??= { present: 0, represented: 0 });
    site.present += count;
  }
  let represented = 0;
  for (const proxy of proxies) {
    const grantor = byId.get(proxy.grantorId);
    const holder = byId.get(proxy.holderId);
    if (!grantor || grantor.present || !holder?.present) continue;
    represented += 1;
    (bySite[holder.siteId ?? 'none'] ??= { present: 0, represented: 0 }).represented += 1;
  }
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
