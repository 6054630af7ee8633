/**
 * pnpm bench:search — how fast the search answers on a federation's ten thousand motions.
 *
 * For each database (the embedded one always; PostgreSQL too when TEST_DATABASE_URL or
 * DATABASE_URL names a server, in a fresh database dropped afterwards): migrates, seeds
 * BENCH_MOTIONS motions (10 000) of 2–3 versions each in French, spread over a few assemblies,
 * with some comments, through the real tables (so the triggers write the search entries), then
 * runs a mix of queries through the real search service as a member of one antenna and as an
 * admin, and prints p50/p95/p99 in ms and the row counts. Target: p95 under 100 ms.
 * Env: BENCH_MOTIONS (10000), BENCH_QUERIES per reader (150), BENCH_ENGINES (`pglite,postgres`),
 * BENCH_KEEP_DATABASE=1 keeps the PostgreSQL database (its name printed) to study plans;
 * BENCH_EXPLAIN=1 prints the plan (EXPLAIN ANALYZE) of each reader's slowest query.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import {
  assemblies,
  type DatabaseHandle,
  members,
  motionComments,
  motions,
  motionVersions,
  newId,
  openDatabase,
  queryRows,
  type User,
  users,
} from '@cercle/db';
import type { Actor, SearchQueryInput } from '@cercle/shared';
import { searchQuerySchema } from '@cercle/shared';
import { searchStatement } from '../../server/src/modules/search/search.repository.ts';
import { createSearchService } from '../../server/src/modules/search/search.service.ts';

const motionCount = Number(process.env.BENCH_MOTIONS ?? 10_000);
const queriesPerReader = Number(process.env.BENCH_QUERIES ?? 150);
const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

/** A seeded generator, so every run searches the same federation. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    next,
    pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!,
    between: (low: number, high: number) => low + Math.floor(next() * (high - low + 1)),
  };
}
let random = generator(2026);

const subjects = [
  'La fédération',
  "L'antenne régionale",
  'Le bureau national',
  'Le groupe de travail',
  "L'assemblée générale",
  'Le congrès',
  'La commission des finances',
  'Chaque antenne',
  'Le secrétariat',
  'Le collectif des adhérents',
];
const verbs = [
  'propose',
  'décide',
  'demande',
  'soutient',
  'organise',
  'finance',
  'évalue',
  'renforce',
  'étudie',
  'accompagne',
  'développe',
  'mutualise',
];
// A sentence's object is a topic and a complement: some 2 000 pairs, so that a word is in a
// tenth of the texts or fewer, as in a federation's real motions (a few are everywhere).
const topics = [
  'un budget participatif',
  'la formation',
  'une campagne',
  "l'accueil",
  'la transition écologique',
  'un fonds de solidarité',
  'les élections internes',
  'la communication',
  'un partenariat',
  'la réduction des déplacements',
  'une charte',
  "l'égalité",
  'le soutien juridique',
  'la coopération',
  'une université d’été',
  'les cotisations',
  'la rénovation énergétique',
  'un plan de mobilité',
  'l’éducation populaire',
  'la démocratie interne',
  'la protection des données',
  "l'agriculture paysanne",
  'les circuits courts',
  'la santé au travail',
  'le logement',
  'la culture',
  'les jardins partagés',
  'une épicerie solidaire',
  'la précarité énergétique',
  'le covoiturage',
  'la trésorerie',
  'les statuts',
  'le règlement intérieur',
  'la permanence téléphonique',
  'le journal interne',
  'les archives',
  'la médiation',
  'le tutorat',
  'les marchés publics',
  'la billetterie',
  'les assurances',
  'la restauration collective',
  'le numérique responsable',
  'la laïcité',
  'la petite enfance',
  'les retraités',
  'la jeunesse',
  'le handicap',
  "l'accessibilité",
  'les migrations',
  "l'eau potable",
  'la biodiversité',
  'les forêts',
  'le littoral',
  'la montagne',
  'les transports en commun',
  'le vélo',
  'les friches industrielles',
  "l'habitat participatif",
  'le commerce équitable',
];
const complements = [
  'des bénévoles',
  'des adhérents',
  'des antennes',
  'des salariés',
  'des quartiers populaires',
  'en milieu rural',
  'des communes',
  'du réseau',
  'des élus locaux',
  'des étudiants',
  'des familles',
  'des aînés',
  'des territoires',
  'de la région',
  'des partenaires',
  'des syndicats',
  'des coopératives',
  'des écoles',
  'des locataires',
  'des producteurs',
  'des militants',
  'des sympathisants',
  'du bureau',
  'des commissions',
  'des usagers',
  'des agriculteurs',
  'des artisans',
  'des habitants',
  'des collectivités',
  'des centres sociaux',
  'des lycéens',
  'des chômeurs',
];
const objects = topics.flatMap((topic) =>
  complements.map((complement) => `${topic} ${complement}`),
);
const details = [
  'avant la fin de l’année',
  'dans chaque région',
  'avec un bilan à six mois',
  'en lien avec les collectivités',
  'sans augmenter les cotisations',
  'sur trois exercices budgétaires',
  'avec le concours des salariés',
  'selon les priorités votées au congrès',
  'en consultant les adhérents',
  'à titre expérimental',
  'en publiant chaque trimestre un rapport',
  'dans le respect de la parité',
];
const rare = [
  'hydrographie',
  'apiculture',
  'microcrédit',
  'ressourcerie',
  'compostage',
  'bibliobus',
  'agroforesterie',
  'tiers-lieu',
  'recyclerie',
  'méthanisation',
  'permaculture',
  'écopâturage',
];

function sentence() {
  const extra = random.next() < 0.15 ? ` et le ${random.pick(rare)}` : '';
  return `${random.pick(subjects)} ${random.pick(verbs)} ${random.pick(objects)} ${random.pick(details)}${extra}.`;
}
const paragraph = (sentences: number) => Array.from({ length: sentences }, sentence).join(' ');
const title = () => {
  const object = random.pick(objects);
  return `${object.charAt(0).toUpperCase()}${object.slice(1)} ${random.pick(details)}`;
};

const queries: SearchQueryInput[] = [
  { q: 'budget' },
  { q: 'formation bénévoles' },
  { q: 'élection' },
  { q: 'federation' },
  { q: 'transition ecologique' },
  { q: '"jardins partagés"' },
  { q: 'apiculture' },
  { q: 'ressourcerie or recyclerie' },
  { q: 'solidarité -épicerie' },
  { q: 'cotisations', kind: 'motion' },
  { q: 'parité', status: 'adopted' },
  { q: 'mobilité', from: '2020-01-01', to: '2030-12-31' },
  { q: 'covoiturage', offset: 20 },
  { q: 'logement jeunes' },
  { q: 'précarité énergétique', kind: 'motion_version' },
  { q: 'données personnelles' },
  { q: 'bilan' },
  { q: 'permaculture', kind: 'comment' },
];

async function postgresDatabase(url: string) {
  const name = `cercle_bench_search_${randomBytes(4).toString('hex')}`;
  if (process.env.BENCH_KEEP_DATABASE) console.error(`database ${name}`);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ url: target.href, maxConnections: 5 });
  return {
    database,
    drop: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** The federation: a national assembly and four antennas, ten authors each, their motions. */
async function seed({ db }: DatabaseHandle) {
  // The same federation on every database.
  random = generator(2026);
  const assemblyIds: string[] = [];
  for (const [index, name] of [
    'Fédération nationale',
    'Antenne Occitanie',
    'Antenne Bretagne',
    'Antenne Normandie',
    'Antenne Grand Est',
  ].entries()) {
    const id = newId();
    await db.insert(assemblies).values({
      id,
      kind: index === 0 ? 'national' : 'antenna',
      name,
      code: `B${index}${id.slice(0, 5).toUpperCase()}`,
    });
    assemblyIds.push(id);
  }
  const authors = new Map<string, string[]>();
  for (const assemblyId of assemblyIds) {
    const ids = Array.from({ length: 10 }, () => newId());
    await db
      .insert(users)
      .values(ids.map((id) => ({ id, email: `${id}@bench.example.org`, name: `Adhérent ${id}` })));
    await db.insert(members).values(ids.map((userId) => ({ assemblyId, userId })));
    authors.set(assemblyId, ids);
  }
  const statuses = [
    'submitted',
    'admitted',
    'adopted',
    'adopted',
    'rejected',
    'withdrawn',
  ] as const;
  const batch = 250;
  const year = 2020;
  for (let start = 0; start < motionCount; start += batch) {
    const motionRows: (typeof motions.$inferInsert)[] = [];
    const versionRows: (typeof motionVersions.$inferInsert)[] = [];
    const commentRows: (typeof motionComments.$inferInsert)[] = [];
    for (let i = start; i < Math.min(motionCount, start + batch); i += 1) {
      const assemblyId = random.pick(assemblyIds);
      const authorId = random.pick(authors.get(assemblyId)!);
      const versions = random.between(2, 3);
      const id = newId();
      const created = new Date(Date.UTC(year + (i % 6), i % 12, 1 + (i % 28)));
      const motionTitle = title();
      motionRows.push({
        id,
        assemblyId,
        year: year + (i % 6),
        rank: i + 1,
        title: motionTitle,
        status: random.next() < 0.02 ? 'draft' : random.pick(statuses),
        authorId,
        currentVersion: versions,
        createdAt: created,
      });
      for (let version = 1; version <= versions; version += 1) {
        versionRows.push({
          motionId: id,
          version,
          title: motionTitle,
          text: `${paragraph(random.between(3, 6))}\n\n${paragraph(random.between(2, 5))}`,
          createdBy: authorId,
          createdAt: new Date(created.getTime() + version * 86_400_000),
        });
      }
      if (random.next() < 0.2) {
        commentRows.push({ id: newId(), motionId: id, authorId, text: paragraph(2) });
      }
    }
    await db.transaction(async (tx) => {
      await tx.insert(motions).values(motionRows);
      await tx.insert(motionVersions).values(versionRows);
      if (commentRows.length) await tx.insert(motionComments).values(commentRows);
    });
  }
  return { memberOf: assemblyIds[1]!, someAuthor: authors.get(assemblyIds[1]!)![0]! };
}

const quantile = (sorted: number[], q: number) =>
  Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;

async function bench(engine: 'pglite' | 'postgres') {
  const opened =
    engine === 'postgres'
      ? await postgresDatabase(serverUrl!)
      : { database: await openDatabase({ dataDir: 'memory://' }), drop: async () => {} };
  const { database } = opened;
  try {
    await database.migrate();
    const seeding = performance.now();
    const { memberOf, someAuthor } = await seed(database);
    const seedSeconds = Math.round((performance.now() - seeding) / 100) / 10;
    // What autovacuum does after a bulk load: the triggers rewrote each motion's entries as its
    // versions came (dead rows the index still points to), and the planner needs statistics.
    await database.db.execute(sql`vacuum analyze`);
    const [counts] = await queryRows<Record<string, number>>(
      database.db,
      sql`select (select count(*)::int from motions) as motions,
                 (select count(*)::int from motion_versions) as "motionVersions",
                 (select count(*)::int from motion_comments) as comments,
                 (select count(*)::int from search_entries) as "searchEntries",
                 (select count(*)::int from search_versions) as "searchVersions"`,
    );
    const service = createSearchService({ db: database.db });
    const readers: { name: string; user: User; actor: Actor }[] = [
      {
        name: 'member of one antenna',
        user: { id: someAuthor } as User,
        actor: {
          isAdmin: false,
          memberships: [{ assemblyId: memberOf, role: 'member', votingRight: true }],
        },
      },
      { name: 'admin', user: { id: newId() } as User, actor: { isAdmin: true, memberships: [] } },
    ];
    const timings: Record<
      string,
      { p50: number; p95: number; p99: number; meanResults: number; slowest: string[] }
    > = {};
    for (const reader of readers) {
      const parsed = queries.map((query) => searchQuerySchema.parse(query));
      for (const query of parsed.slice(0, 5))
        await service.search(reader.user, reader.actor, query);
      const durations: number[] = [];
      const perQuery = new Map<string, { ms: number; total: number }>();
      let results = 0;
      for (let i = 0; i < queriesPerReader; i += 1) {
        const query = parsed[i % parsed.length]!;
        const started = performance.now();
        const answer = await service.search(reader.user, reader.actor, query);
        const ms = performance.now() - started;
        durations.push(ms);
        results += answer.total;
        const key = JSON.stringify(query);
        const seen = perQuery.get(key);
        perQuery.set(key, { ms: Math.max(ms, seen?.ms ?? 0), total: answer.total });
      }
      durations.sort((a, b) => a - b);
      // The three slowest queries, with how many results they had: what the p95 is made of.
      const slowest = [...perQuery]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, 3)
        .map(([query, { ms, total }]) => `${query}: ${Math.round(ms)} ms, ${total} results`);
      if (process.env.BENCH_EXPLAIN) {
        const [worst] = [...perQuery].sort((a, b) => b[1].ms - a[1].ms);
        const query = JSON.parse(worst![0]) as { q: string };
        const statement = searchStatement(
          query.q,
          {
            userId: reader.user.id,
            isAdmin: reader.actor.isAdmin,
            memberOf: reader.actor.memberships.map((membership) => membership.assemblyId),
            secretaryOf: [],
          },
          {},
          { limit: 20, offset: 0 },
        );
        const plan = await queryRows<{ 'QUERY PLAN': string }>(
          database.db,
          sql`explain (analyze, buffers) ${statement}`,
        );
        console.error(`\n${engine}, ${reader.name}, ${worst![0]}:`);
        console.error(plan.map((line) => line['QUERY PLAN']).join('\n'));
      }
      timings[reader.name] = {
        p50: quantile(durations, 0.5),
        p95: quantile(durations, 0.95),
        p99: quantile(durations, 0.99),
        meanResults: Math.round(results / queriesPerReader),
        slowest,
      };
    }
    return { engine, seedSeconds, counts, queriesPerReader, timings };
  } finally {
    if (engine === 'pglite') await database.close();
    else if (process.env.BENCH_KEEP_DATABASE) await database.close();
    else await opened.drop();
  }
}

async function main() {
  const engines = (serverUrl ? ['pglite', 'postgres'] : ['pglite']).filter((engine) =>
    (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',').includes(engine),
  ) as ('pglite' | 'postgres')[];
  const report = [];
  for (const engine of engines) report.push(await bench(engine));
  console.log(JSON.stringify(report, null, 2));
  const worst = Math.max(
    ...report.flatMap((run) => Object.values(run.timings).map((timing) => timing.p95)),
  );
  console.log(worst < 100 ? `p95 ${worst} ms: under 100 ms` : `p95 ${worst} ms: OVER 100 ms`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
