import { isIP } from 'node:net';
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
    /** Connections each instance may hold open to PostgreSQL. */
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
    /** Tests only: `<kind>:before` or `<kind>:after` stops a job there, to kill the process. */
    CERCLE_TEST_HOLD_JOB: z
      .string()
      .regex(/^[a-z-]+:(before|after)$/, 'must be <job kind>:before or <job kind>:after')
      .optional(),
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
  databasePoolMax: number;
  /** When to shed load, and how many changes a person may send a minute (0: never, none). */
  overload: { shedEventLoopDelayMs: number; writesPerMinute: number };
  metricsToken: string | undefined;
  jobs: {
    intervalMs: number;
    leaseMs: number;
    hold: { kind: string; phase: 'before' | 'after' } | undefined;
  };
  /**
   * Peers whose X-Forwarded-For/-Proto/-Host are believed (addresses, CIDR blocks, named
   * ranges). Anyone else's are ignored: a forged header cannot dodge the per-address limits.
   */
  trustedProxies: string[];
  /** Things the operator should hear at start (deprecated settings). */
  warnings: string[];
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
