import { hostname } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { DatabaseHandle } from '@cercle/db';
import { startBackgroundWork } from './background.ts';
import type { Config } from './config.ts';
import { serializeError, serializeRequest } from './logging.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import type { ThrottleLimits } from './modules/auth/login-throttle.ts';
import { attachmentsRoutes } from './modules/attachments/attachments.routes.ts';
import { assembliesRoutes } from './modules/assemblies/assemblies.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { calendarRoutes } from './modules/calendar/calendar.routes.ts';
import { decisionsRoutes } from './modules/decisions/decisions.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { invitationsRoutes } from './modules/invitations/invitations.routes.ts';
import { congressRoutes } from './modules/congress/congress.routes.ts';
import { accreditationRoutes } from './modules/meetings/accreditation.routes.ts';
import { meetingsRoutes } from './modules/meetings/meetings.routes.ts';
import { speakersRoutes } from './modules/meetings/speakers.routes.ts';
import { minutesRoutes } from './modules/minutes/minutes.routes.ts';
import { searchRoutes } from './modules/search/search.routes.ts';
import { todoRoutes } from './modules/todo/todo.routes.ts';
import { membersRoutes } from './modules/members/members.routes.ts';
import { coauthorsRoutes } from './modules/motions/coauthors.routes.ts';
import { motionsRoutes } from './modules/motions/motions.routes.ts';
import { myDataRoutes } from './modules/my-data/my-data.routes.ts';
import { notificationsRoutes } from './modules/notifications/notifications.routes.ts';
import { participantViewRoutes } from './modules/participant-view/participant-view.routes.ts';
import { pollsRoutes } from './modules/polls/polls.routes.ts';
import { electionsRoutes } from './modules/elections/elections.routes.ts';
import auditWitnessPlugin from './plugins/audit-witness.ts';
import authPlugin from './plugins/auth.ts';
import databasePlugin from './plugins/database.ts';
import docsPlugin from './plugins/docs.ts';
import errorsPlugin, { answerFrameworkError } from './plugins/errors.ts';
import inputPlugin from './plugins/input.ts';
import metricsPlugin from './plugins/metrics.ts';
import overloadPlugin from './plugins/overload.ts';
import type { MetricFamily } from './plugins/prometheus.ts';
import { realtimeHub, realtimeRoutes, websocketSupport } from './plugins/realtime.ts';
import securityPlugin from './plugins/security.ts';
import { createServices, type Services } from './services.ts';
import webPlugin, { defaultWebBuild } from './plugins/web.ts';

declare module 'fastify' {
  interface FastifyInstance extends Services {
    config: Config;
    mailer: Mailer;
    worker: WorkerInfo;
  }
}

/** Which of the processes sharing the port this app is (CERCLE_WORKERS; see cluster.ts). */
export interface WorkerInfo {
  /** From 1 to `count`; a restarted worker keeps its number. */
  id: number;
  count: number;
  /** Every live worker's metrics, each labelled with its number, gathered through the primary. */
  gatherMetrics?: () => Promise<MetricFamily[][]>;
}

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  /** Close the database when the app closes (main.ts: yes; tests sharing one database: no). */
  closeDatabase?: boolean;
  mailer?: Mailer;
  /** SvelteKit build folder to serve, or false for the API alone (most tests). */
  webBuild?: string | false;
  throttleLimits?: Partial<ThrottleLimits>;
  /** Close polls on time and notify members (on by default; most tests drive these themselves). */
  backgroundJobs?: boolean;
  /** Where the JSON log lines go (stdout by default; tests read them). */
  logStream?: { write(line: string): void };
  /** One of several processes on one port (cluster.ts); unset, the only one. */
  worker?: WorkerInfo;
  /**
   * Write the outside copy of the events' hashes as their notices arrive (on by default). Off in
   * cluster workers: the primary writes it, once for the data folder they share.
   */
  recordAuditWitness?: boolean;
}

/** Cercle as one Fastify plugin: the API under /api, the web app on every other path. */
async function cercle(app: FastifyInstance, options: AppOptions) {
  app.decorate('config', options.config);
  app.decorate('worker', options.worker ?? { id: 1, count: 1 });
  app.decorate(
    'mailer',
    options.mailer ??
      createMailer({
        smtpUrl: options.config.smtpUrl,
        from: options.config.mailFrom,
        outboxDir: join(options.config.dataDir, 'outbox'),
        log: app.log,
      }),
  );
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The API speaks JSON only: a text body gets 415 rather than a confusing validation error.
  app.removeContentTypeParser('text/plain');

  await app.register(errorsPlugin);
  await app.register(databasePlugin, {
    database: options.database,
    closeWithApp: options.closeDatabase ?? false,
  });
  await app.register(auditWitnessPlugin, { record: options.recordAuditWitness ?? true });
  const services = createServices({
    db: app.db,
    config: options.config,
    mailer: app.mailer,
    log: app.log,
    auditWitness: app.auditWitness,
    throttleLimits: options.throttleLimits,
  });
  // One decorator per service, typed by `FastifyInstance extends Services` above.
  for (const [name, service] of Object.entries(services)) app.decorate(name, service as object);
  const { polls, elections } = services;
  // Before security: its onRequest hook marks upgrades (request.ws), and its onResponse hook
  // then closes the socket of an upgrade that security refused.
  await app.register(websocketSupport);
  await app.register(securityPlugin);
  await app.register(metricsPlugin);
  await app.register(overloadPlugin);
  await app.register(authPlugin);
  // After auth: an anonymous caller is refused before anything looks at what it sent.
  await app.register(inputPlugin);
  await app.register(realtimeHub);
  if (options.backgroundJobs !== false) {
    const background = startBackgroundWork({
      db: app.db,
      ownsDatabase: options.database.kind === 'pglite',
      polls,
      elections,
      mailer: app.mailer,
      publicUrl: options.config.publicUrl,
      log: app.log,
      ...options.config.jobs,
    });
    app.addHook('onClose', () => background.stop());
  }
  await app.register(docsPlugin);

  await app.register(
    async (api) => {
      await api.register(healthRoutes);
      await api.register(authRoutes);
      await api.register(myDataRoutes);
      await api.register(invitationsRoutes);
      await api.register(assembliesRoutes);
      await api.register(auditRoutes);
      await api.register(decisionsRoutes);
      await api.register(membersRoutes);
      await api.register(motionsRoutes);
      await api.register(coauthorsRoutes);
      await api.register(pollsRoutes);
      await api.register(electionsRoutes);
      await api.register(notificationsRoutes);
      await api.register(meetingsRoutes);
      await api.register(speakersRoutes);
      await api.register(participantViewRoutes);
      await api.register(accreditationRoutes);
      await api.register(minutesRoutes);
      await api.register(attachmentsRoutes);
      await api.register(congressRoutes);
      await api.register(calendarRoutes);
      await api.register(searchRoutes);
      await api.register(todoRoutes);
      await api.register(realtimeRoutes);
      api.get('/docs', { config: { public: true }, schema: { hide: true } }, async () =>
        app.swagger(),
      );
    },
    { prefix: '/api' },
  );

  const webBuild = options.webBuild ?? defaultWebBuild;
  if (webBuild) await app.register(webPlugin, { buildDir: webBuild });
}

export const cerclePlugin = fp(cercle, { name: 'cercle' });

/** A ready-to-listen Fastify instance with structured logs, limits and graceful close. */
export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.config.logLevel,
      serializers: { err: serializeError, req: serializeRequest },
      // pino's own base (pid, hostname), and which worker wrote the line.
      ...(options.worker
        ? { base: { pid: process.pid, hostname: hostname(), worker: options.worker.id } }
        : {}),
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: options.config.bodyLimit,
    // Forwarded headers count only from the configured proxies (a list: never "any peer").
    trustProxy: options.config.trustedProxies.length > 0 ? options.config.trustedProxies : false,
    // Long-lived keep-alive sockets must not hold a shutdown hostage (see preClose below).
    forceCloseConnections: 'idle',
    // A client that sends its headers or body drip by drip is cut (slowloris): the check runs
    // often enough that the bound holds to within a second.
    requestTimeout: options.config.requestTimeoutMs,
    http: { connectionsCheckingInterval: Math.min(1_000, options.config.requestTimeoutMs) },
    frameworkErrors: answerFrameworkError,
  }).withTypeProvider<ZodTypeProvider>();

  // Node refuses a headers timeout longer than the request timeout.
  app.server.headersTimeout = Math.min(10_000, options.config.requestTimeoutMs);
  await app.register(cerclePlugin, options);
  return app;
}
