/**
 * Every service of the server is built here and nowhere else, each given what it depends on,
 * so the wiring reads in one place. app.ts decorates the Fastify instance with them; route
 * plugins only take them from there.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '@cercle/db';
import type { Config } from './config.ts';
import type { Mailer } from './mail/mailer.ts';
import { createAssembliesService } from './modules/assemblies/assemblies.service.ts';
import type { AuditWitness } from './modules/audit/audit-witness.ts';
import { createAuditService } from './modules/audit/audit.service.ts';
import { createAuthService } from './modules/auth/auth.service.ts';
import { createLoginThrottle, type ThrottleLimits } from './modules/auth/login-throttle.ts';
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
import { createMotionsService } from './modules/motions/motions.service.ts';
import { motionDecisions } from './modules/motions/poll-decisions.ts';
import { createNotificationsService } from './modules/notifications/notifications.service.ts';
import { createElectionsService } from './modules/elections/elections.service.ts';
import { createPollsService, hasRunningPoll } from './modules/polls/polls.service.ts';

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
  const sessions = createSessionManager({ db, secure: publicUrl.protocol === 'https:' });
  const auth = createAuthService({
    db,
    sessions,
    throttle: createLoginThrottle({ db, limits: throttleLimits }),
    mailer,
    publicUrl,
    log,
  });
  const invitations = createInvitationsService({ db, mailer, sessions, auth, publicUrl, log });
  const assemblies = createAssembliesService({ db });
  // Motions ask the congress for its phases and the polls whether a decision runs; the polls
  // tell motions and the congress their outcomes: each through a function given here.
  const motions = createMotionsService({ db, requireOpenPhase, hasRunningPoll });
  const meetings = createMeetingsService({ db });
  const polls = createPollsService({
    db,
    motions,
    requireOpenPhase,
    followers: [motionDecisions, antennaMandates],
  });
  return {
    sessions,
    auth,
    invitations,
    assemblies,
    members: createMembersService({ db, invitations }),
    motions,
    polls,
    elections: createElectionsService({ db }),
    meetings,
    speakers: createSpeakersService({ db, meetings }),
    accreditation: createAccreditationService({ db, meetings }),
    minutes: createMinutesService({ db, log }),
    congress: createCongressService({ db, assemblies, motions, log }),
    audit: createAuditService({ db, witness: auditWitness }),
    notifications: createNotificationsService({ db }),
    calendar: createCalendarService({ db, publicUrl }),
  };
}

export type Services = ReturnType<typeof createServices>;
