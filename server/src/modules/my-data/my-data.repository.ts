import { and, asc, eq, inArray, isNull, ne, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  agendaItems,
  amendments,
  assemblies,
  attachments,
  attendance,
  ballots,
  candidates,
  colleges,
  type Database,
  delegates,
  electionBallots,
  elections,
  events,
  invitations,
  meetingSites,
  meetings,
  members,
  minutes,
  motionCoauthors,
  motionComments,
  motionSupporters,
  motionVersions,
  motions,
  notifications,
  objections,
  participations,
  passwordResetTokens,
  pollElectorate,
  polls,
  proxies,
  sessions,
  speakerRequests,
  unsubscribeTokens,
  users,
} from '@cercle/db';

/*
 * The one place that reads and writes a person's rows across every module's tables: an export
 * must cover all of them, and an erasure must change all of them in one transaction. Every table
 * with a column referencing `users.id` is covered below or named here with why it is left out:
 *
 * Left out of the export (their rows record an office held for the assembly, not the person's
 * own participation; each such act is also an event the export lists by type and date):
 * `polls.created_by`, `meetings.created_by`, `elections.created_by`, `minutes.created_by /
 * approved_by / published_by / edited_by`, `site_counts.entered_by`, `election_site_counts.entered_by`,
 * `congress_mandates.recorded_by`, `meeting_sites.secretary_id`, `attendance.checked_in_by`,
 * `delegates.designated_by / accredited_by`, `objections.resolved_by`,
 * `motion_coauthors.invited_by`, `candidates.entered_by`, `speaker_requests.added_by`.
 * `invitations.invited_by`: the invitations a person sent hold other people's addresses, so the
 * export counts them without the addresses. `participations.cast_by` for another voter: the
 * answers given with a proxy carried, which the export lists as proxies carried (the grantor's
 * participation is the grantor's). `password_reset_tokens`: hashes of links that only served to
 * sign in, never shown (erasure deletes them). `unsubscribe_tokens`: hashes of the digests'
 * one-click unsubscribe links, never shown (erasure deletes them).
 */

const holder = alias(users, 'holder');
const grantor = alias(users, 'grantor');

/** Whose rows: `userId` in the column given. */
const of = (column: Parameters<typeof eq>[0], userId: string): SQL => eq(column, userId);

export function createMyDataRepository({ db }: { db: Database }) {
  return {
    async person(userId: string) {
      const [user] = await db.select().from(users).where(eq(users.id, userId));
      return user;
    },

    /** Everything tied to the person, read in one snapshot for the export (GDPR art. 15, 20). */
    async collect(userId: string, email: string) {
      const motionTitle = motions.title;
      const [
        memberships,
        authored,
        coauthored,
        versions,
        amendmentRows,
        comments,
        supports,
        objectionRows,
        openBallots,
        participationRows,
        electorate,
        proxiesGiven,
        proxiesCarried,
        attendanceRows,
        speakerRows,
        delegateRows,
        candidacies,
        electionBallotRows,
        notificationRows,
        invitationsReceived,
        invitationsSent,
        sessionRows,
        attachmentRows,
        eventRows,
      ] = await Promise.all([
        db
          .select({
            assemblyId: members.assemblyId,
            assembly: assemblies.name,
            role: members.role,
            college: colleges.name,
            votingRight: members.votingRight,
            organisation: members.organisation,
            since: members.createdAt,
          })
          .from(members)
          .innerJoin(assemblies, eq(assemblies.id, members.assemblyId))
          .leftJoin(colleges, eq(colleges.id, members.collegeId))
          .where(of(members.userId, userId))
          .orderBy(asc(assemblies.name)),
        db
          .select({
            id: motions.id,
            assembly: assemblies.name,
            code: assemblies.code,
            year: motions.year,
            rank: motions.rank,
            title: motions.title,
            status: motions.status,
            createdAt: motions.createdAt,
            submittedAt: motions.submittedAt,
            decidedAt: motions.decidedAt,
          })
          .from(motions)
          .innerJoin(assemblies, eq(assemblies.id, motions.assemblyId))
          .where(of(motions.authorId, userId))
          .orderBy(asc(motions.createdAt)),
        db
          .select({
            motionId: motionCoauthors.motionId,
            title: motionTitle,
            status: motionCoauthors.status,
            invitedAt: motionCoauthors.invitedAt,
            answeredAt: motionCoauthors.answeredAt,
          })
          .from(motionCoauthors)
          .innerJoin(motions, eq(motions.id, motionCoauthors.motionId))
          .where(of(motionCoauthors.userId, userId))
          .orderBy(asc(motionCoauthors.invitedAt)),
        db
          .select({
            motionId: motionVersions.motionId,
            version: motionVersions.version,
            title: motionVersions.title,
            text: motionVersions.text,
            note: motionVersions.note,
            createdAt: motionVersions.createdAt,
          })
          .from(motionVersions)
          .where(of(motionVersions.createdBy, userId))
          .orderBy(asc(motionVersions.createdAt)),
        db
          .select({
            id: amendments.id,
            motionId: amendments.motionId,
            motionTitle,
            rank: amendments.rank,
            baseVersion: amendments.baseVersion,
            proposedText: amendments.proposedText,
            rationale: amendments.rationale,
            status: amendments.status,
            createdAt: amendments.createdAt,
            decidedAt: amendments.decidedAt,
          })
          .from(amendments)
          .innerJoin(motions, eq(motions.id, amendments.motionId))
          .where(of(amendments.authorId, userId))
          .orderBy(asc(amendments.createdAt)),
        db
          .select({
            id: motionComments.id,
            motionId: motionComments.motionId,
            motionTitle,
            text: motionComments.text,
            createdAt: motionComments.createdAt,
          })
          .from(motionComments)
          .innerJoin(motions, eq(motions.id, motionComments.motionId))
          .where(of(motionComments.authorId, userId))
          .orderBy(asc(motionComments.createdAt)),
        db
          .select({
            motionId: motionSupporters.motionId,
            motionTitle,
            createdAt: motionSupporters.createdAt,
          })
          .from(motionSupporters)
          .innerJoin(motions, eq(motions.id, motionSupporters.motionId))
          .where(of(motionSupporters.userId, userId))
          .orderBy(asc(motionSupporters.createdAt)),
        db
          .select({
            id: objections.id,
            pollId: objections.pollId,
            motionId: objections.motionId,
            motionTitle,
            reason: objections.reason,
            status: objections.status,
            resolution: objections.resolution,
            integratedVersion: objections.integratedVersion,
            createdAt: objections.createdAt,
            resolvedAt: objections.resolvedAt,
          })
          .from(objections)
          .innerJoin(motions, eq(motions.id, objections.motionId))
          .where(of(objections.authorId, userId))
          .orderBy(asc(objections.createdAt)),
        // Open polls only: `ballots` holds no row for a secret poll (README, "How a vote is
        // counted"), and the join on `polls.secret` says so again.
        db
          .select({
            pollId: ballots.pollId,
            motionId: polls.motionId,
            motionTitle,
            kind: polls.kind,
            choice: ballots.choice,
            reason: ballots.reason,
            closedAt: polls.closedAt,
          })
          .from(ballots)
          .innerJoin(polls, eq(polls.id, ballots.pollId))
          .leftJoin(motions, eq(motions.id, polls.motionId))
          .where(and(of(ballots.voterId, userId), eq(polls.secret, false)))
          .orderBy(asc(polls.createdAt)),
        // That they answered, never what: for a secret poll nothing in the database says it.
        db
          .select({
            pollId: participations.pollId,
            secret: polls.secret,
            kind: polls.kind,
            motionTitle,
            electionTitle: elections.title,
            method: participations.method,
            byProxyHolder: participations.castBy,
            at: participations.createdAt,
          })
          .from(participations)
          .innerJoin(polls, eq(polls.id, participations.pollId))
          .leftJoin(motions, eq(motions.id, polls.motionId))
          .leftJoin(elections, eq(elections.id, polls.electionId))
          .where(of(participations.voterId, userId))
          .orderBy(asc(participations.createdAt)),
        db
          .select({ pollId: pollElectorate.pollId, motionTitle, electionTitle: elections.title })
          .from(pollElectorate)
          .innerJoin(polls, eq(polls.id, pollElectorate.pollId))
          .leftJoin(motions, eq(motions.id, polls.motionId))
          .leftJoin(elections, eq(elections.id, polls.electionId))
          .where(of(pollElectorate.userId, userId))
          .orderBy(asc(polls.createdAt)),
        db
          .select({
            meetingId: proxies.meetingId,
            meeting: meetings.title,
            holder: holder.name,
            createdAt: proxies.createdAt,
            endedAt: proxies.endedAt,
            endReason: proxies.endReason,
          })
          .from(proxies)
          .innerJoin(meetings, eq(meetings.id, proxies.meetingId))
          .innerJoin(holder, eq(holder.id, proxies.holderId))
          .where(of(proxies.grantorId, userId))
          .orderBy(asc(proxies.createdAt)),
        db
          .select({
            meetingId: proxies.meetingId,
            meeting: meetings.title,
            grantor: grantor.name,
            createdAt: proxies.createdAt,
            endedAt: proxies.endedAt,
            endReason: proxies.endReason,
          })
          .from(proxies)
          .innerJoin(meetings, eq(meetings.id, proxies.meetingId))
          .innerJoin(grantor, eq(grantor.id, proxies.grantorId))
          .where(of(proxies.holderId, userId))
          .orderBy(asc(proxies.createdAt)),
        db
          .select({
            meetingId: attendance.meetingId,
            meeting: meetings.title,
            site: meetingSites.name,
            present: attendance.present,
            checkedInAt: attendance.checkedInAt,
            checkedOutAt: attendance.checkedOutAt,
          })
          .from(attendance)
          .innerJoin(meetings, eq(meetings.id, attendance.meetingId))
          .innerJoin(meetingSites, eq(meetingSites.id, attendance.siteId))
          .where(of(attendance.userId, userId))
          .orderBy(asc(attendance.checkedInAt)),
        db
          .select({
            meetingId: speakerRequests.meetingId,
            meeting: meetings.title,
            item: agendaItems.title,
            pointOfOrder: speakerRequests.pointOfOrder,
            category: speakerRequests.category,
            status: speakerRequests.status,
            requestedAt: speakerRequests.requestedAt,
            floorGivenAt: speakerRequests.floorGivenAt,
            floorEndedAt: speakerRequests.floorEndedAt,
          })
          .from(speakerRequests)
          .innerJoin(meetings, eq(meetings.id, speakerRequests.meetingId))
          .innerJoin(agendaItems, eq(agendaItems.id, speakerRequests.itemId))
          .where(of(speakerRequests.personId, userId))
          .orderBy(asc(speakerRequests.requestedAt)),
        db
          .select({
            meetingId: delegates.meetingId,
            meeting: meetings.title,
            antenna: assemblies.name,
            designatedAt: delegates.designatedAt,
            accreditedAt: delegates.accreditedAt,
          })
          .from(delegates)
          .innerJoin(meetings, eq(meetings.id, delegates.meetingId))
          .innerJoin(assemblies, eq(assemblies.id, delegates.antennaId))
          .where(of(delegates.userId, userId))
          .orderBy(asc(delegates.designatedAt)),
        db
          .select({
            electionId: candidates.electionId,
            election: elections.title,
            statement: candidates.statement,
            category: candidates.category,
            status: candidates.status,
            createdAt: candidates.createdAt,
            withdrawnAt: candidates.withdrawnAt,
          })
          .from(candidates)
          .innerJoin(elections, eq(elections.id, candidates.electionId))
          .where(of(candidates.userId, userId))
          .orderBy(asc(candidates.createdAt)),
        // Open election rounds only, as for motions: a secret round keeps no ballot per voter.
        db
          .select({
            pollId: electionBallots.pollId,
            electionId: polls.electionId,
            election: elections.title,
            round: polls.round,
            selection: electionBallots.selection,
          })
          .from(electionBallots)
          .innerJoin(polls, eq(polls.id, electionBallots.pollId))
          .innerJoin(elections, eq(elections.id, polls.electionId))
          .where(and(of(electionBallots.voterId, userId), eq(polls.secret, false)))
          .orderBy(asc(polls.createdAt)),
        db
          .select({
            type: notifications.type,
            title: notifications.title,
            assembly: assemblies.name,
            createdAt: notifications.createdAt,
            readAt: notifications.readAt,
            mailedAt: notifications.mailedAt,
          })
          .from(notifications)
          .innerJoin(assemblies, eq(assemblies.id, notifications.assemblyId))
          .where(of(notifications.userId, userId))
          .orderBy(asc(notifications.createdAt)),
        db
          .select({
            assembly: assemblies.name,
            role: invitations.role,
            createdAt: invitations.createdAt,
            expiresAt: invitations.expiresAt,
            acceptedAt: invitations.acceptedAt,
          })
          .from(invitations)
          .innerJoin(assemblies, eq(assemblies.id, invitations.assemblyId))
          .where(or(eq(invitations.email, email), of(invitations.acceptedBy, userId)))
          .orderBy(asc(invitations.createdAt)),
        db
          .select({ id: invitations.id })
          .from(invitations)
          .where(of(invitations.invitedBy, userId)),
        // Never the id: it is the hash of the cookie's token.
        db
          .select({ expiresAt: sessions.expiresAt })
          .from(sessions)
          .where(of(sessions.userId, userId))
          .orderBy(asc(sessions.expiresAt)),
        db
          .select({
            fileName: attachments.fileName,
            mediaType: attachments.mediaType,
            sizeBytes: attachments.sizeBytes,
            subjectKind: attachments.subjectKind,
            createdAt: attachments.createdAt,
          })
          .from(attachments)
          .where(of(attachments.uploadedBy, userId))
          .orderBy(asc(attachments.createdAt)),
        db
          .select({ assembly: assemblies.name, type: events.type, at: events.createdAt })
          .from(events)
          .innerJoin(assemblies, eq(assemblies.id, events.assemblyId))
          .where(of(events.actorId, userId))
          .orderBy(asc(events.id)),
      ]);
      return {
        memberships,
        authored,
        coauthored,
        versions,
        amendments: amendmentRows,
        comments,
        supports,
        objections: objectionRows,
        openBallots,
        participations: participationRows,
        electorate,
        proxiesGiven,
        proxiesCarried,
        attendance: attendanceRows,
        speakerRequests: speakerRows,
        delegates: delegateRows,
        candidacies,
        electionBallots: electionBallotRows,
        notifications: notificationRows,
        invitationsReceived,
        invitationsSent: invitationsSent.length,
        sessions: sessionRows,
        attachments: attachmentRows,
        events: eventRows,
      };
    },

    /** The other admins still able to sign in, locked so two cannot erase each other at once. */
    async otherAdmins(userId: string) {
      return db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.isAdmin, true), isNull(users.erasedAt), ne(users.id, userId)))
        .for('update');
    },

    async nameTaken(name: string) {
      const [row] = await db.select({ id: users.id }).from(users).where(eq(users.name, name));
      return row !== undefined;
    },

    /** The account becomes a pseudonym nobody can sign in as (README, "My data"). */
    async anonymise(userId: string, pseudonym: string, placeholderEmail: string) {
      await db
        .update(users)
        .set({
          name: pseudonym,
          email: placeholderEmail,
          passwordHash: null,
          isAdmin: false,
          calendarToken: null,
          digestOptOut: true,
          lastDigestAt: null,
          erasedAt: new Date(),
        })
        .where(eq(users.id, userId));
    },

    /** What only served the account: reset links, notifications, invitations not taken up. */
    async deleteAccountRows(userId: string, email: string, placeholderEmail: string) {
      await db.delete(passwordResetTokens).where(of(passwordResetTokens.userId, userId));
      await db.delete(unsubscribeTokens).where(of(unsubscribeTokens.userId, userId));
      await db.delete(notifications).where(of(notifications.userId, userId));
      await db
        .delete(invitations)
        .where(and(eq(invitations.email, email), isNull(invitations.acceptedAt)));
      // An accepted invitation stays as the record of how the membership began, without the
      // address it was sent to.
      await db
        .update(invitations)
        .set({ email: placeholderEmail })
        .where(eq(invitations.email, email));
      await db
        .delete(motionCoauthors)
        .where(and(of(motionCoauthors.userId, userId), eq(motionCoauthors.status, 'invited')));
      // No longer a member anywhere, so no longer a site's secretary either.
      await db
        .update(meetingSites)
        .set({ secretaryId: null })
        .where(of(meetingSites.secretaryId, userId));
    },

    /** Ends every membership; returns the assemblies they were a member of. */
    async endMemberships(userId: string) {
      const ended = await db
        .delete(members)
        .where(of(members.userId, userId))
        .returning({ assemblyId: members.assemblyId });
      return ended.map((row) => row.assemblyId);
    },

    /**
     * The minutes of the meetings the person may be named in: those of the assemblies they
     * belonged to, and of every meeting where they attended, carried a proxy, asked for the
     * floor or were a delegate.
     */
    async minutesNaming(userId: string, assemblyIds: string[], name: string) {
      const meetingIds = new Set<string>();
      // One after the other: inside a transaction they share one connection.
      for (const query of [
        db
          .select({ id: attendance.meetingId })
          .from(attendance)
          .where(of(attendance.userId, userId)),
        db
          .select({ id: proxies.meetingId })
          .from(proxies)
          .where(or(of(proxies.grantorId, userId), of(proxies.holderId, userId))),
        db
          .select({ id: speakerRequests.meetingId })
          .from(speakerRequests)
          .where(of(speakerRequests.personId, userId)),
        db.select({ id: delegates.meetingId }).from(delegates).where(of(delegates.userId, userId)),
      ]) {
        const rows = await query;
        for (const row of rows) meetingIds.add(row.id);
      }
      const where: SQL[] = [];
      if (meetingIds.size > 0) where.push(inArray(minutes.meetingId, [...meetingIds]));
      if (assemblyIds.length > 0) where.push(inArray(minutes.assemblyId, assemblyIds));
      if (where.length === 0) return [];
      const rows = await db
        .select()
        .from(minutes)
        .where(or(...where))
        .orderBy(asc(minutes.createdAt))
        .for('update');
      return rows.filter((row) => row.text.includes(name));
    },

    async rewriteMinutes(id: string, text: string, textHash: string | null) {
      await db
        .update(minutes)
        .set({ text, ...(textHash ? { textHash } : {}) })
        .where(eq(minutes.id, id));
    },
  };
}

export type MyDataRepository = ReturnType<typeof createMyDataRepository>;
export type PersonalData = Awaited<ReturnType<MyDataRepository['collect']>>;
