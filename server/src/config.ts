import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

/** Named ranges Fastify (proxy-addr) understands, besides addresses and CIDR blocks. */
const proxyRangeNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyEntry(entry: string): boolean {
  if (proxyRangeNames.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

const proxyList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  )
  .refine((entries) => entries.every(isProxyEntry), {
    message:
      'must be a comma-separated list of addresses, CIDR blocks (10.0.0.0/8) or loopback, ' +
      'linklocal, uniquelocal',
  });

const workersMessage = 'must be a whole number of processes, 1 or more';

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    CERCLE_DATA_DIR: z.string().min(1).default('./data'),
    PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
      .optional(),
    MAIL_FROM: z.string().min(3).default('Cercle <no-reply@localhost>'),
    CERCLE_ADMIN_EMAIL: z.email().optional(),
    CERCLE_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
    CERCLE_DEMO: booleanFlag.default(false),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
    TRUST_PROXY: booleanFlag.default(false),
    /** Open sockets per person (tabs, devices); the oldest goes when one more opens. */
    WS_MAX_PER_USER: z.coerce.number().int().min(1).default(10),
    /** Open sockets per address; generous, as a whole village hall shares one. */
    WS_MAX_PER_ADDRESS: z.coerce.number().int().min(1).default(1_000),
    /** A socket that answers no ping for this long (twice the interval) is cut. */
    WS_HEARTBEAT_MS: z.coerce.number().int().min(50).default(15_000),
    /** A request whose headers and body have not arrived in this time is cut. */
    REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    TRUSTED_PROXIES: proxyList.default([]),
    /** Processes serving one port; unset: one per core on PostgreSQL, one on PGlite. */
    CERCLE_WORKERS: z.coerce
      .number({ error: workersMessage })
      .int(workersMessage)
      .min(1, workersMessage)
      .max(256, 'must be at most 256')
      .optional(),
    /** Connections each instance may hold open to PostgreSQL (its workers share them). */
    DATABASE_POOL_MAX: z.coerce.number().int().min(2).max(1_000).default(20),
    /** Mean event-loop lag (ms) above which requests are refused with 503; 0 turns it off. */
    SHED_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(500),
    /** Changes (POST, PUT, PATCH, DELETE) one signed-in person may send per minute; 0: no limit. */
    WRITE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(300),
    /** Bearer token that opens GET /api/metrics; unset, the endpoint does not exist. */
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /** How often each instance looks for due background work (polls to close, digests). */
    JOBS_INTERVAL_MS: z.coerce.number().int().min(50).default(5_000),
    /** How long a job stays with an instance that stopped answering before another takes it. */
    JOBS_LEASE_MS: z.coerce.number().int().min(300).default(60_000),
    /**
     * The hour of each person's day (0–23, in their antenna's zone) when daily digests go out, or
     * `any`: as soon as there is news, at most one every 24 hours.
     */
    CERCLE_DIGEST_HOUR: z
      .union([z.literal('any'), z.coerce.number().int().min(0).max(23)])
      .default(7),
    /** The largest attachment accepted (PDF, image, office document), in megabytes. */
    CERCLE_ATTACHMENT_MAX_MB: z.coerce.number().positive().max(2_048).default(20),
    /** Set, attachments go to this bucket of an S3-compatible store instead of the data folder. */
    CERCLE_S3_BUCKET: z.string().min(1).optional(),
    /** The store's address when it is not AWS (MinIO, Garage, Scaleway…). */
    CERCLE_S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    CERCLE_S3_REGION: z.string().min(1).default('us-east-1'),
    CERCLE_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    CERCLE_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Address objects as `endpoint/bucket/key` (most self-hosted stores) rather than by host. */
    CERCLE_S3_FORCE_PATH_STYLE: booleanFlag.default(false),
    /** Tests only: `<kind>:before` or `<kind>:after` stops a job there, to kill the process. */
    CERCLE_TEST_HOLD_JOB: z
      .string()
      .regex(/^[a-z-]+:(before|after)$/, 'must be <job kind>:before or <job kind>:after')
      .optional(),
  })
  .refine((env) => !env.CERCLE_S3_ACCESS_KEY_ID === !env.CERCLE_S3_SECRET_ACCESS_KEY, {
    message: 'CERCLE_S3_ACCESS_KEY_ID and CERCLE_S3_SECRET_ACCESS_KEY go together',
    path: ['CERCLE_S3_SECRET_ACCESS_KEY'],
  })
  // PGlite lives inside one process and its data folder opens in one process only: a second
  // worker could not reach it. Refused rather than quietly run as one: an operator who asked for
  // four processes would otherwise believe they had them.
  .refine((env) => (env.CERCLE_WORKERS ?? 1) === 1 || env.DATABASE_URL !== undefined, {
    message:
      'more than one worker needs PostgreSQL (DATABASE_URL): the embedded database serves one process',
    path: ['CERCLE_WORKERS'],
  })
  .refine((env) => !env.CERCLE_ADMIN_EMAIL === !env.CERCLE_ADMIN_PASSWORD, {
    message: 'CERCLE_ADMIN_EMAIL and CERCLE_ADMIN_PASSWORD go together: set both or neither',
    path: ['CERCLE_ADMIN_PASSWORD'],
  });

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Where people reach Cercle; links in mails and the allowed Origin derive from it. */
  publicUrl: URL;
  smtpUrl: string | undefined;
  mailFrom: string;
  admin: { email: string; password: string } | undefined;
  demo: boolean;
  logLevel: string;
  bodyLimit: number;
  realtime: { maxPerUser: number; maxPerAddress: number; heartbeatMs: number };
  requestTimeoutMs: number;
  /**
   * Processes serving the one port (node:cluster): above one, a primary process starts that many
   * workers, each a whole Cercle. PostgreSQL only.
   */
  workers: number;
  /** Connections to PostgreSQL for the whole instance; its workers share them. */
  databasePoolMax: number;
  /** When to shed load, and how many changes a person may send a minute (0: never, none). */
  overload: { shedEventLoopDelayMs: number; writesPerMinute: number };
  metricsToken: string | undefined;
  jobs: {
    intervalMs: number;
    leaseMs: number;
    hold: { kind: string; phase: 'before' | 'after' } | undefined;
    /** When daily digests go out: this hour of each person's day, or `any` time there is news. */
    digestHour: number | 'any';
  };
  /**
   * Peers whose X-Forwarded-For/-Proto/-Host are believed (addresses, CIDR blocks, named
   * ranges). Anyone else's are ignored: a forged header cannot dodge the per-address limits.
   */
  trustedProxies: string[];
  /**
   * Files attached to motions, meetings and minutes: the largest accepted, and the S3-compatible
   * store they go to (undefined: `<dataDir>/attachments`).
   */
  attachments: { maxBytes: number; s3: S3Settings | undefined };
  /** Things the operator should hear at start (deprecated settings). */
  warnings: string[];
}

export interface S3Settings {
  bucket: string;
  endpoint: string | undefined;
  region: string;
  /** Undefined: the SDK's own chain (environment, instance role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  forcePathStyle: boolean;
}

export class ConfigError extends Error {}

/** Reads the environment once at boot; a wrong value stops the start with a readable message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const trustedProxies = [...e.TRUSTED_PROXIES];
  const warnings: string[] = [];
  if (e.TRUST_PROXY) {
    if (!trustedProxies.includes('loopback')) trustedProxies.push('loopback');
    warnings.push(
      'TRUST_PROXY=1 is deprecated and now trusts X-Forwarded-* from this machine only ' +
        '(loopback). A reverse proxy on another machine: set TRUSTED_PROXIES to its address.',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.CERCLE_DATA_DIR),
    publicUrl: new URL(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    admin:
      e.CERCLE_ADMIN_EMAIL && e.CERCLE_ADMIN_PASSWORD
        ? { email: e.CERCLE_ADMIN_EMAIL.trim().toLowerCase(), password: e.CERCLE_ADMIN_PASSWORD }
        : undefined,
    demo: e.CERCLE_DEMO,
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.BODY_LIMIT,
    realtime: {
      maxPerUser: e.WS_MAX_PER_USER,
      maxPerAddress: e.WS_MAX_PER_ADDRESS,
      heartbeatMs: e.WS_HEARTBEAT_MS,
    },
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    workers: e.CERCLE_WORKERS ?? (e.DATABASE_URL ? availableParallelism() : 1),
    databasePoolMax: e.DATABASE_POOL_MAX,
    overload: {
      shedEventLoopDelayMs: e.SHED_EVENT_LOOP_DELAY_MS,
      writesPerMinute: e.WRITE_LIMIT_PER_MINUTE,
    },
    metricsToken: e.METRICS_TOKEN,
    jobs: {
      intervalMs: e.JOBS_INTERVAL_MS,
      leaseMs: e.JOBS_LEASE_MS,
      hold: parseJobHold(e.CERCLE_TEST_HOLD_JOB),
      digestHour: e.CERCLE_DIGEST_HOUR,
    },
    attachments: {
      maxBytes: Math.floor(e.CERCLE_ATTACHMENT_MAX_MB * 1024 * 1024),
      s3: e.CERCLE_S3_BUCKET
        ? {
            bucket: e.CERCLE_S3_BUCKET,
            endpoint: e.CERCLE_S3_ENDPOINT,
            region: e.CERCLE_S3_REGION,
            credentials:
              e.CERCLE_S3_ACCESS_KEY_ID && e.CERCLE_S3_SECRET_ACCESS_KEY
                ? {
                    accessKeyId: e.CERCLE_S3_ACCESS_KEY_ID,
                    secretAccessKey: e.CERCLE_S3_SECRET_ACCESS_KEY,
                  }
                : undefined,
            forcePathStyle: e.CERCLE_S3_FORCE_PATH_STYLE,
          }
        : undefined,
    },
    trustedProxies,
    warnings,
  };
}

function parseJobHold(value: string | undefined): Config['jobs']['hold'] {
  if (!value) return undefined;
  const [kind = '', phase] = value.split(':');
  return { kind, phase: phase === 'before' ? 'before' : 'after' };
}
