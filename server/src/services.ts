/**
 * Every service of the server is built here and nowhere else, each given what it depends on,
 * so the wiring reads in one place. app.ts decorates the Fastify instance with them; route
 * plugins only take them from there.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '@cercle/db';
import { join } from 'node:path';
import { attachmentSubjects } from './attachment-subjects.ts';
import type { Config } from './config.ts';
import type { Mailer } from './mail/mailer.ts';
import { createAssembliesService } from './modules/assemblies/assemblies.service.ts';
import type { AuditWitness } from './modules/audit/audit-witness.ts';
import { createAuditService } from './modules/audit/audit.service.ts';
import { createAuditTrailService } from './modules/audit/audit-trail.ts';
import { createDecisionsService } from './modules/decisions/decisions.service.ts';
import { createDiskAttachmentStore } from './modules/attachments/attachment-store.disk.ts';
import { createS3AttachmentStore } from './modules/attachments/attachment-store.s3.ts';
import { createAttachmentsService } from './modules/attachments/attachments.service.ts';
import { createAuthService, describeUser } from './modules/auth/auth.service.ts';
import { createLoginThrottle, type ThrottleLimits } from './modules/auth/login-throttle.ts';
import { createPageRequests } from './modules/auth/page-requests.ts';
import { createRightsCache } from './modules/auth/rights-cache.ts';
import { createSessionManager } from './modules/auth/sessions.ts';
import { createCalendarService } from './modules/calendar/calendar.service.ts';
import { antennaMandates } from './modules/congress/antenna-mandates.ts';
import { requireOpenPhase } from './modules/congress/congress.phases.ts';
import { createCongressService } from './modules/congress/congress.service.ts';
import { createInvitationsService } from './modules/invitations/invitations.service.ts';
import { createAccreditationService } from './modules/meetings/accreditation.service.ts';
import { createMeetingsService } from './modules/meetings/meetings.service.ts';
import { createSpeakersService } from './modules/meetings/speakers.service.ts';
import { createMembersService } from './modules/members/members.service.ts';
import { createMinutesService } from './modules/minutes/minutes.service.ts';
import { createSearchService } from './modules/search/search.service.ts';
import { createTodoService } from './modules/todo/todo.service.ts';
import { createCoauthorsService } from './modules/motions/coauthors.service.ts';
import { createMotionsService } from './modules/motions/motions.service.ts';
import { createMyDataService } from './modules/my-data/my-data.service.ts';
import { motionDecisions } from './modules/motions/poll-decisions.ts';
import { createNotificationsService } from './modules/notifications/notifications.service.ts';
import { createParticipantViewService } from './modules/participant-view/participant-view.service.ts';
import { createElectionsService } from './modules/elections/elections.service.ts';
import {
  createPollsService,
  hasOpenObjections,
  hasRunningPoll,
} from './modules/polls/polls.service.ts';

export function createServices({
  db,
  config,
  mailer,
  log,
  auditWitness,
  throttleLimits,
}: {
  db: Database;
  config: Config;
  mailer: Mailer;
  log: FastifyBaseLogger;
  auditWitness: AuditWitness;
  throttleLimits?: Partial<ThrottleLimits> | undefined;
}) {
  const { publicUrl } = config;
  // Sessions and memberships of people connected by a socket, kept in memory (see the module).
  const rights = createRightsCache();
  const sessions = createSessionManager({ db, secure: publicUrl.protocol === 'https:', rights });
  const throttle = createLoginThrottle({ db, limits: throttleLimits });
  const auth = createAuthService({
    db,
    sessions,
    rights,
    throttle,
    mailer,
    publicUrl,
    log,
  });
  // The session and memberships of a page request, read once for all the API calls it makes.
  const pageRequests = createPageRequests({
    sessions,
    membershipsOf: auth.membershipsOf,
    currentUser: describeUser,
  });
  const invitations = createInvitationsService({ db, mailer, sessions, auth, publicUrl, log });
  const assemblies = createAssembliesService({ db });
  // Motions ask the congress for its phases and the polls whether a decision runs; the polls
  // tell motions and the congress their outcomes: each through a function given here.
  const motions = createMotionsService({
    db,
    requireOpenPhase,
    hasRunningPoll,
    hasOpenObjections,
  });
  const meetings = createMeetingsService({ db });
  const polls = createPollsService({
    db,
    motions,
    requireOpenPhase,
    followers: [motionDecisions, antennaMandates],
  });
  const minutes = createMinutesService({ db, log });
  const speakers = createSpeakersService({ db, meetings });
  const elections = createElectionsService({ db });
  // New files go to the S3-compatible store when one is configured; files already kept on disk
  // stay readable there.
  const attachmentsRoot = join(config.dataDir, 'attachments');
  const disk = createDiskAttachmentStore(attachmentsRoot);
  const bucket = config.attachments.s3 ? createS3AttachmentStore(config.attachments.s3) : undefined;
  const attachments = createAttachmentsService({
    db,
    stores: { write: bucket ?? disk, read: { disk, ...(bucket ? { s3: bucket } : {}) } },
    maxBytes: config.attachments.maxBytes,
    incomingDir: join(attachmentsRoot, 'incoming'),
    subjects: attachmentSubjects({ db, motions, meetings, minutes }),
    log,
  });
  return {
    rights,
    sessions,
    pageRequests,
    auth,
    invitations,
    myData: createMyDataService({ db, sessions, throttle }),
    assemblies,
    members: createMembersService({ db, invitations }),
    motions,
    coauthors: createCoauthorsService({ db, motions }),
    polls,
    elections,
    meetings,
    speakers,
    accreditation: createAccreditationService({ db, meetings }),
    minutes,
    attachments,
    participantView: createParticipantViewService({
      meetings,
      polls,
      speakers,
      motions,
      assemblies,
      elections,
      minutes,
      attachments,
    }),
    congress: createCongressService({ db, assemblies, motions, log }),
    audit: createAuditService({ db, witness: auditWitness }),
    auditTrail: createAuditTrailService({ db }),
    decisions: createDecisionsService({ db }),
    notifications: createNotificationsService({ db, digestHour: config.jobs.digestHour }),
    calendar: createCalendarService({ db, publicUrl }),
    textSearch: createSearchService({ db }),
    todo: createTodoService({ db }),
  };
}

export type Services = ReturnType<typeof createServices>;
