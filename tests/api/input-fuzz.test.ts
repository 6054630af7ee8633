/**
 * Never a 500 from input. The served OpenAPI document drives the cases: for every operation,
 * fast-check builds bodies, path and query parameters from the route's own schemas (so most
 * requests get past validation and reach the services and the database), then spoils one thing
 * at a time: a field of the wrong type, missing or extra, a NUL byte, a lone surrogate, a 1 MB
 * string, a huge or negative number, a malformed or unknown id, a `__proto__` key, an empty or
 * unparseable body, the wrong content type, a bad URL. Requests go as the federation's admin, who
 * may do everything, so refusals do not hide the code behind them. Every answer must be below
 * 500, every refusal in the one coded shape, no answer may carry a stack trace or SQL; the
 * server stays healthy. Seeded: a failure prints its seed and the shrunk request.
 */
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { sql } from 'drizzle-orm';
import { queryRows } from '@cercle/db';
import { loadDemoFederation } from '@cercle/server';
import { errorCodes } from '@cercle/shared';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signIn } from '../support/fixtures.ts';

/** Cases per operation; about 95 operations, so a few thousand requests in all. */
const runsPerOperation = Number(process.env.FUZZ_RUNS ?? 30);
const seed = Number(process.env.FUZZ_SEED ?? 20261204);

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  format?: string;
  nullable?: boolean;
}

interface Parameter {
  in: 'path' | 'query';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body: JsonSchema | null;
}

let t: TestApp;
let cookie: string;
let adminLogin: { email: string; password: string };
let components: Record<string, JsonSchema>;
let operations: Operation[];
/** Real ids by table, read again before each operation so that new rows get used too. */
let ids: Record<string, string[]> = {};

/** Rows of one kind: a table, or a filtered one (a congress is an assembly of that kind). */
const idQueries: Record<string, string> = {
  invitations: 'select token_hash as id from invitations',
  congresses: "select id from assemblies where kind = 'congress'",
};

const idTables = [
  'users',
  'assemblies',
  'colleges',
  'motions',
  'amendments',
  'polls',
  'objections',
  'meetings',
  'meeting_sites',
  'agenda_items',
  'proxies',
  'minutes',
  'invitations',
  'congresses',
  'elections',
  'candidates',
] as const;

async function readIds() {
  const next: Record<string, string[]> = {};
  for (const table of idTables) {
    const rows = await queryRows<{ id: string }>(
      t.app.db,
      sql.raw(`${idQueries[table] ?? `select id from ${table}`} order by random() limit 20`),
    );
    next[table] = rows.map((row) => row.id);
  }
  ids = next;
}

/** Which table a path segment or a body field names, by the API's naming. */
function tableFor(name: string, path = ''): string | null {
  if (name === 'id') {
    const segment = path.split('/')[2] ?? '';
    const bySegment: Record<string, string> = {
      assemblies: 'assemblies',
      congresses: 'congresses',
      motions: 'motions',
      amendments: 'amendments',
      polls: 'polls',
      objections: 'objections',
      meetings: 'meetings',
      'agenda-items': 'agenda_items',
      proxies: 'proxies',
      minutes: 'minutes',
      elections: 'elections',
    };
    return bySegment[segment] ?? null;
  }
  const byField: Record<string, string> = {
    userId: 'users',
    holderId: 'users',
    grantorId: 'users',
    assemblyId: 'assemblies',
    congressId: 'congresses',
    collegeId: 'colleges',
    motionId: 'motions',
    compositeId: 'motions',
    sourceIds: 'motions',
    motionIds: 'motions',
    amendmentId: 'amendments',
    pollId: 'polls',
    candidateId: 'candidates',
    meetingId: 'meetings',
    siteId: 'meeting_sites',
    agendaItemId: 'agenda_items',
    itemId: 'agenda_items',
  };
  return byField[name] ?? (/Ids?$/.test(name) ? 'motions' : null);
}

function resolve(schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  return resolve(components[schema.$ref.replace('#/components/schemas/', '')] ?? {});
}

/** Values the schema accepts (mostly): the starting point every spoiled case departs from. */
function valid(raw: JsonSchema, name: string, path: string, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(raw);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => valid(a, name, path, depth)));
  if (schema.allOf) return valid(Object.assign({}, ...schema.allOf.map(resolve)), name, path);
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? 'object'];
  const type = types.find((candidate) => candidate !== 'null') ?? 'null';
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({
        min: schema.minimum ?? (schema.exclusiveMinimum ?? -1) + 1,
        max: Math.min(schema.maximum ?? 1_000, Number.MAX_SAFE_INTEGER),
      });
    case 'number':
      return fc.double({
        min: schema.minimum ?? 0,
        max: schema.maximum ?? 1_000,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'string': {
      const table = tableFor(name, path);
      const known = table ? ids[table] : undefined;
      if (known?.length) return fc.constantFrom(...known);
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.format === 'date-time') {
        return fc
          .date({ min: new Date('2026-01-01'), max: new Date('2028-12-31'), noInvalidDate: true })
          .map((date) => date.toISOString());
      }
      if (schema.format === 'date') {
        return fc
          .date({ min: new Date('2026-01-01'), max: new Date('2028-12-31'), noInvalidDate: true })
          .map((date) => date.toISOString().slice(0, 10));
      }
      const minLength = schema.minLength ?? 0;
      return fc.string({
        minLength,
        maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 40, 40)),
        unit: 'grapheme',
      });
    }
    case 'array': {
      if (depth > 4) return fc.constant([]);
      const minLength = schema.minItems ?? 0;
      return fc.array(valid(schema.items ?? {}, name, path, depth + 1), {
        minLength,
        maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, 3)),
      });
    }
    default: {
      if (depth > 4 || !schema.properties) return fc.constant({});
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, property] of Object.entries(schema.properties)) {
        record[key] = valid(property, key, path, depth + 1);
      }
      return fc.record(record, { requiredKeys: schema.required ?? [] });
    }
  }
}

/** What a careless or hostile client puts where a value goes. */
const spoiled: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    'a\u0000b',
    '\u0000',
    'x\uD800',
    '\uDFFFy',
    'Cafe\u0301 de\u0301mocratique',
    '',
    ' ',
    'not-an-id',
    'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz',
    "' or 1=1 --",
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '9'.repeat(400),
    'x'.repeat(1_000_000),
    -1,
    0,
    1.5,
    -1e308,
    1e308,
    2 ** 53 + 2,
    -(2 ** 31),
    true,
    null,
    [],
    {},
    [null],
    { __proto__: null, nested: { deeper: ['\u0000'] } },
  ),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.integer(),
  fc.double(),
);

/** Path and query values that break URLs: percent-escapes that do not decode, and worse. */
const spoiledUrlPart = fc.constantFrom(
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%E0%A4%A',
  '%',
  '%25',
  '..',
  '%2e%2e%2f',
  'x'.repeat(300),
  'x'.repeat(5_000),
  '%20',
  '__proto__',
  'constructor',
  'undefined',
  '-1',
  '1e308',
  'Cafe%CC%81',
);

type Spoil =
  | { kind: 'none' }
  | { kind: 'field'; at: number; value: unknown }
  | { kind: 'drop'; at: number }
  | { kind: 'extra'; key: string; value: unknown }
  | { kind: 'proto' }
  | { kind: 'body'; raw: string | null; contentType: string | null }
  | { kind: 'param'; at: number; raw: string }
  | { kind: 'query'; name: string; raw: string };

const spoil: fc.Arbitrary<Spoil> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('field' as const),
      at: fc.nat(),
      value: spoiled,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('extra' as const),
      key: fc.constantFrom('extra', 'constructor', 'id', 'isAdmin', 'a\u0000b', '\uD800'),
      value: spoiled,
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'proto' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('body' as const),
      raw: fc.constantFrom(null, '', '{', 'null', '[]', '"text"', '42', '{"a":', '\u0000', '{}'),
      contentType: fc.constantFrom(
        null,
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin1',
        'application/xml',
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('param' as const),
      at: fc.nat(),
      raw: spoiledUrlPart,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('query' as const),
      name: fc.constantFrom('status', 'q', 'from', 'to', 'lang', 'x', '__proto__'),
      raw: spoiledUrlPart,
    }),
  },
);

/** Every place in a JSON value where a value sits, as a path of keys. */
function leaves(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (value && typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((item, index) => [index, item] as const)
      : Object.entries(value);
    const inner = entries.flatMap(([key, item]) => leaves(item, [...at, key]));
    return at.length ? [at, ...inner] : inner;
  }
  return at.length ? [at] : [];
}

function setAt(root: unknown, path: (string | number)[], value: unknown, remove = false) {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove && Array.isArray(node)) node.splice(Number(last), 1);
  else if (remove) delete node[last];
  else node[last] = value;
}

interface Case {
  operation: Operation;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  spoil: Spoil;
}

function caseFor(operation: Operation): fc.Arbitrary<Case> {
  const params: Record<string, fc.Arbitrary<string>> = {};
  const query: Record<string, fc.Arbitrary<unknown>> = {};
  for (const parameter of operation.parameters) {
    const arbitrary = valid(parameter.schema, parameter.name, operation.path);
    if (parameter.in === 'path') params[parameter.name] = arbitrary.map(String);
    else query[parameter.name] = arbitrary;
  }
  return fc.record({
    operation: fc.constant(operation),
    params: fc.record(params),
    query: fc.record(query, { requiredKeys: [] }).map((values) => {
      const strings: Record<string, string> = {};
      for (const [key, value] of Object.entries(values)) strings[key] = String(value);
      return strings;
    }),
    body: operation.body ? valid(operation.body, 'body', operation.path) : fc.constant(undefined),
    spoil,
  });
}

interface FuzzRequest extends InjectOptions {
  method: NonNullable<InjectOptions['method']>;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

/** The request a case describes, as `app.inject` takes it. */
function requestOf(c: Case): FuzzRequest {
  const names = Object.keys(c.params);
  let url = c.operation.path;
  names.forEach((name, index) => {
    const raw =
      c.spoil.kind === 'param' && c.spoil.at % names.length === index
        ? c.spoil.raw
        : encodeURIComponent(c.params[name]!);
    url = url.replace(`{${name}}`, raw);
  });
  const query = Object.entries(c.query).map(
    ([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`,
  );
  if (c.spoil.kind === 'query') query.push(`${c.spoil.name}=${c.spoil.raw}`);
  if (query.length) url += `?${query.join('&')}`;

  const headers: Record<string, string> = { cookie };
  let payload: string | undefined;
  let body = c.body === undefined ? undefined : structuredClone(c.body);
  const spots = leaves(body);
  if (c.spoil.kind === 'field' && spots.length) {
    setAt(body, spots[c.spoil.at % spots.length]!, c.spoil.value);
  } else if (c.spoil.kind === 'field') {
    body = c.spoil.value;
  } else if (c.spoil.kind === 'drop' && spots.length) {
    setAt(body, spots[c.spoil.at % spots.length]!, undefined, true);
  } else if (c.spoil.kind === 'extra' && body && typeof body === 'object') {
    (body as Record<string, unknown>)[c.spoil.key] = c.spoil.value;
  }
  if (c.spoil.kind === 'body') {
    if (c.spoil.raw !== null) payload = c.spoil.raw;
    if (c.spoil.contentType) headers['content-type'] = c.spoil.contentType;
  } else if (c.spoil.kind === 'proto') {
    // Written by hand: an object literal's __proto__ would set the prototype, not a key.
    const inner = JSON.stringify(body ?? {}).slice(1, -1);
    payload = `{"__proto__":{"isAdmin":true}${inner ? `,${inner}` : ''}}`;
    headers['content-type'] = 'application/json';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const request: FuzzRequest = {
    method: c.operation.method as FuzzRequest['method'],
    url,
    headers,
  };
  if (payload !== undefined) request.payload = payload;
  return request;
}

const stackTrace = /\n\s+at |\.ts:\d+|node_modules|\bat async\b/;
const sqlText =
  /\b(select|insert into|update|delete from)\b[^"]*\b(from|values|set|where)\b|violates|syntax error at|relation "|duplicate key|invalid input syntax/i;
const knownCodes = new Set<string>(errorCodes);

function checkAnswer(
  request: FuzzRequest,
  response: { statusCode: number; body: string; headers: Record<string, unknown> },
) {
  const where = `${request.method} ${request.url.slice(0, 200)} ${String(request.payload).slice(0, 200)}`;
  expect(response.statusCode, `${where} → ${response.body.slice(0, 300)}`).toBeLessThan(500);
  expect(response.body, where).not.toMatch(stackTrace);
  if (response.statusCode < 400) return;
  expect(response.body, where).not.toMatch(sqlText);
  expect(String(response.headers['content-type']), where).toContain('application/json');
  const answer = JSON.parse(response.body) as { error?: Record<string, unknown> };
  expect(Object.keys(answer), where).toEqual(['error']);
  const error = answer.error!;
  expect(knownCodes.has(String(error.code)), `${where}: code ${String(error.code)}`).toBe(true);
  expect(typeof error.message, where).toBe('string');
  expect(
    Object.keys(error).every((key) => ['code', 'message', 'field'].includes(key)),
    where,
  ).toBe(true);
  if (error.field !== undefined) expect(typeof error.field, where).toBe('string');
}

/**
 * A row of every kind the routes act on (a meeting with a site and an agenda, an admitted
 * motion with an amendment and a comment, an open and a closed poll, a proxy, minutes), so
 * that cases with real ids reach the services' deeper code, not only their "not found".
 */
async function seedEveryKindOfRow() {
  const call = async (method: 'POST' | 'PATCH', url: string, payload: object = {}) => {
    const response = await t.app.inject({ method, url, headers: { cookie }, payload });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.json() as Record<string, { id: string }>;
  };
  const [national] = await queryRows<{ id: string }>(
    t.app.db,
    sql`select id from assemblies where kind = 'national'`,
  );
  const antennas = await queryRows<{ id: string }>(
    t.app.db,
    sql`select id from assemblies where kind = 'antenna' limit 2`,
  );
  await t.app.db.execute(
    sql`update assemblies set supporters_to_admit = 0, quorum = 0 where id = ${national!.id}`,
  );
  const assembly = `/api/assemblies/${national!.id}`;
  const motion = (
    await call('POST', `${assembly}/motions`, {
      title: 'Fonds de solidarité',
      text: 'Créer un fonds de solidarité entre antennes.',
      submit: true,
    })
  ).motion!;
  await call('POST', `/api/motions/${motion.id}/comments`, { text: 'Bonne idée.' });
  const amendment = (
    await call('POST', `/api/motions/${motion.id}/amendments`, {
      proposedText: 'Créer un fonds de solidarité entre toutes les antennes.',
      rationale: 'Toutes.',
    })
  ).amendment!;
  const meeting = (
    await call('POST', `${assembly}/meetings`, {
      title: 'Assemblée décentralisée',
      mode: 'hybrid',
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 7_200_000).toISOString(),
      antennaIds: antennas.map((antenna) => antenna.id),
    })
  ).meeting!;
  await call('POST', `/api/meetings/${meeting.id}/agenda`, {
    kind: 'decision',
    title: 'Le fonds',
    motionId: motion.id,
  });
  await call('POST', `/api/meetings/${meeting.id}/start`);
  const open = (
    await call('POST', '/api/polls', {
      amendmentId: amendment.id,
      kind: 'vote',
      rule: 'simple',
      meetingId: meeting.id,
    })
  ).poll!;
  await call('POST', `/api/polls/${open.id}/open`);
  const ended = (
    await call('POST', `${assembly}/meetings`, {
      title: 'Assemblée close',
      mode: 'online',
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    })
  ).meeting!;
  await call('POST', `/api/meetings/${ended.id}/start`);
  await call('POST', `/api/meetings/${ended.id}/end`);
  await call('POST', `/api/meetings/${ended.id}/minutes`, {});
}

beforeAll(async () => {
  // The limits are for people; here one client sends thousands of wrong passwords on purpose.
  t = await createTestApp({
    backgroundJobs: false,
    throttleLimits: { pairFree: 1e9, perAddress: 1e9, accountFree: 1e9, resetsPerAddress: 1e9 },
  });
  const logins = await loadDemoFederation(t.app);
  adminLogin = logins[0]!;
  cookie = await signIn(t.app, adminLogin.email, adminLogin.password);
  await seedEveryKindOfRow();
  const document = (await t.app.inject({ url: '/api/docs' })).json() as {
    paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: unknown }>>;
    components: { schemas: Record<string, JsonSchema> };
  };
  components = document.components.schemas;
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      parameters: operation.parameters ?? [],
      body:
        (operation.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)
          ?.content?.['application/json']?.schema ?? null,
    })),
  );
}, 120_000);
afterAll(() => t.close());

describe('input from a careless or hostile client', () => {
  it('covers every operation of the served OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(80);
    expect(operations.filter((operation) => operation.body).length).toBeGreaterThan(40);
  });

  it('never gets a 500, a stack trace or SQL, and every refusal has the one coded shape', async () => {
    for (const [index, operation] of operations.entries()) {
      await readIds();
      await fc.assert(
        fc.asyncProperty(caseFor(operation), async (c) => {
          const request = requestOf(c);
          const response = await t.app.inject(request);
          checkAnswer(request, response);
          // A case that signed the admin out (logout, a password change) signs back in.
          if (response.statusCode === 401 || c.operation.path.startsWith('/api/auth/')) {
            const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie } });
            if (me.statusCode === 401) {
              cookie = await signIn(t.app, adminLogin.email, adminLogin.password);
            }
          }
        }),
        { numRuns: runsPerOperation, seed: seed + index, endOnFailure: true },
      );
    }
    const health = await t.app.inject({ url: '/api/health' });
    expect(health.statusCode).toBe(200);
    const me = await t.app.inject({ url: '/api/assemblies', headers: { cookie } });
    expect(me.statusCode).toBe(200);
  }, 900_000);

  it('answers URLs that do not decode, and over-long path parameters, in the coded shape', async () => {
    for (const url of [
      '/api/motions/%E0%A4%A',
      '/api/motions/%',
      `/api/motions/${'x'.repeat(2_000)}`,
      '/api/%ED%A0%80',
      '/api/motions/a%00b/versions',
    ]) {
      const response = await t.app.inject({ method: 'GET', url, headers: { cookie } });
      const request: FuzzRequest = { method: 'GET', url, headers: { cookie } };
      checkAnswer(request, response);
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
    }
  });

  it('keeps a websocket healthy through malformed frames', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, { headers: { cookie } });
    const messages: { type: string; code?: string }[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
    await new Promise((resolve) => socket.once('open', resolve));
    const frames: (string | Buffer)[] = [
      'not json',
      '',
      '\u0000',
      '{"type":"subscribe","topic":"assembly:\u0000"}',
      '{"type":"subscribe","topic":"assembly:\uD800"}',
      `{"type":"subscribe","topic":"assembly:${'x'.repeat(10_000)}"}`,
      '{"type":"subscribe","topic":"assembly:nope","lastSeq":-1}',
      '{"type":"subscribe","topic":"assembly:nope","lastSeq":1e308}',
      '{"__proto__":{"type":"ping"}}',
      '[]',
      'null',
      Buffer.from([0xff, 0xfe, 0x00]),
      JSON.stringify({ type: 'ping', id: 'x'.repeat(50_000) }),
    ];
    for (const frame of frames) socket.send(frame);
    socket.send(JSON.stringify({ type: 'ping', id: 'still-here' }));
    await expect
      .poll(() => messages.some((message) => message.type === 'pong'), { timeout: 5_000 })
      .toBe(true);
    for (const message of messages.filter((m) => m.type === 'error')) {
      expect(knownCodes.has(String(message.code))).toBe(true);
      expect(message.code).not.toBe('server.internal');
    }
    socket.close();
    // Invalid UTF-8 in a text frame is a protocol error: the socket closes, the server lives.
    const rude = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, { headers: { cookie } });
    await new Promise((resolve) => rude.once('open', resolve));
    const closed = new Promise<number>((resolve) => rude.once('close', resolve));
    rude.on('error', () => {});
    (rude as unknown as { _socket: import('node:net').Socket })._socket.write(
      Buffer.from([0x81, 0x82, 0, 0, 0, 0, 0xff, 0xfe]),
    );
    expect(await closed).toBeGreaterThanOrEqual(1000);
    expect((await t.app.inject({ url: '/api/health' })).statusCode).toBe(200);
  });
});

describe('the one rule for text at the edge', () => {
  async function nationalAssembly() {
    const [row] = await queryRows<{ id: string }>(
      t.app.db,
      sql`select id from assemblies where kind = 'national'`,
    );
    return row!.id;
  }
  const post = (url: string, payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': 'application/json' },
      // Serialised here: JSON.stringify writes a lone surrogate as an escape, as a client would.
      payload: JSON.stringify(payload),
    });

  it('stores text in NFC, so an accent typed on any device is one text', async () => {
    const decomposed = 'Coope\u0301rative de l’e\u0301conomie solidaire';
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/assemblies/${await nationalAssembly()}/motions`,
      headers: { cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ title: decomposed, text: decomposed }),
    });
    expect(created.statusCode).toBe(201);
    const { motion } = created.json() as { motion: { id: string; title: string } };
    expect(motion.title).toBe(decomposed.normalize('NFC'));
    expect(motion.title).not.toBe(decomposed);
    const [stored] = await queryRows<{ title: string }>(
      t.app.db,
      sql`select title from motions where id = ${motion.id}`,
    );
    expect(stored!.title).toBe(decomposed.normalize('NFC'));
  });

  it('refuses a NUL byte or a lone surrogate anywhere, naming the field', async () => {
    const url = `/api/assemblies/${await nationalAssembly()}/motions`;
    const nul = await post(url, { title: 'Titre', text: 'avant\u0000après' });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error).toMatchObject({ code: 'validation.invalid_text', field: 'text' });
    const surrogate = await post(url, { title: 'Titre \uD83D', text: 'Texte' });
    expect(surrogate.json().error).toMatchObject({
      code: 'validation.invalid_text',
      field: 'title',
    });
    const inPath = await t.app.inject({ url: '/api/motions/a%00b', headers: { cookie } });
    expect(inPath.json().error).toMatchObject({ code: 'validation.invalid_text', field: 'id' });
    const inQuery = await t.app.inject({ url: `${url}?q=%00`, headers: { cookie } });
    expect(inQuery.json().error).toMatchObject({ code: 'validation.invalid_text', field: 'q' });
    // A whole emoji is a pair of surrogates, not a lone one: it passes.
    expect((await post(url, { title: 'Fête 🎉', text: 'Texte' })).statusCode).toBe(201);
  });

  it('answers an unknown id in a body field with a coded 400 naming that field', async () => {
    const meeting = (
      await post(`/api/assemblies/${await nationalAssembly()}/meetings`, {
        title: 'Réunion de test',
        mode: 'in_person',
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      })
    ).json().meeting as { id: string };
    const site = await post(`/api/meetings/${meeting.id}/sites`, {
      name: 'Salle des fêtes',
      antennaId: 'nosuchantennanosuchx',
    });
    expect(site.statusCode).toBe(400);
    expect(site.json().error).toMatchObject({
      code: 'validation.unknown_reference',
      field: 'antennaId',
    });
  });

  it('refuses a PATCH that names nothing to change', async () => {
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/assemblies/${await nationalAssembly()}`,
      headers: { cookie },
      payload: {},
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'validation.invalid', field: 'body' });
  });
});
