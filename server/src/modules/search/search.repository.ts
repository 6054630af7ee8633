import { type SQL, sql } from 'drizzle-orm';
import { type Database, queryRows } from '@cercle/db';
import type { SearchKind } from '@cercle/shared';

/** Who reads, as the search's SQL needs it (the same rules as the motions and minutes services). */
export interface SearchReader {
  userId: string;
  isAdmin: boolean;
  /** Assemblies the reader belongs to (`assembly.view`). */
  memberOf: string[];
  /** Assemblies whose minutes the reader writes (`minutes.publish`): their drafts too. */
  secretaryOf: string[];
}

export interface SearchFilters {
  assemblyId?: string | undefined;
  kind?: SearchKind | undefined;
  status?: string | undefined;
  /** Inclusive bounds, as instants. */
  from?: Date | undefined;
  before?: Date | undefined;
}

export interface SearchRow {
  kind: SearchKind;
  sourceId: string;
  assemblyId: string;
  assemblyName: string;
  assemblyCode: string;
  motionId: string | null;
  motionTitle: string | null;
  motionYear: number | null;
  motionRank: number | null;
  currentVersion: number | null;
  meetingId: string | null;
  title: string;
  status: string;
  date: Date | string;
  headline: string;
  total: number;
}

/** Private-use characters around a matched word in `ts_headline`: no text a person types has them. */
export const matchStart = '\uE000';
export const matchEnd = '\uE001';

const idList = (ids: string[]) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
const within = (column: SQL, ids: string[]) =>
  ids.length ? sql`${column} in (${idList(ids)})` : sql`false`;

/**
 * What the reader may see, in SQL. Motions, their versions, amendments and comments follow
 * `motions.service` `visible`: the motion's assembly (or the one it was referred to) is theirs, or
 * it is a congress's (the whole movement prepares it); a draft only for its author and accepted
 * co-authors. Minutes follow `minutes.service` `canRead`: the assembly's secretaries see every
 * version, others the published ones, as members or when the assembly made them public.
 */
function readable(reader: SearchReader): SQL {
  if (reader.isAdmin) {
    // Admins see every assembly, yet others' drafts stay their authors' (as in `visible`). A
    // motion's, an earlier version's and a comment's entry carry the motion's status: the motion is
    // read only for drafts and amendments, not once per entry found.
    return sql`(e.kind = 'minutes'
      or (e.kind in ('motion', 'motion_version', 'comment') and e.status <> 'draft')
      or exists (select 1 from motions d where d.id = e.motion_id
                 and (d.status <> 'draft' or d.author_id = ${reader.userId}
                      or exists (select 1 from motion_coauthors c where c.motion_id = d.id
                                 and c.user_id = ${reader.userId} and c.status = 'accepted'))))`;
  }
  return sql`(
    (e.kind = 'minutes' and (
      ${within(sql`e.assembly_id`, reader.secretaryOf)}
      or (e.status = 'published'
          and (${within(sql`e.assembly_id`, reader.memberOf)} or a.minutes_visibility = 'public'))))
    or (e.kind <> 'minutes'
      and (${within(sql`m.assembly_id`, reader.memberOf)}
           or ${within(sql`m.referred_to`, reader.memberOf)}
           or a.kind = 'congress')
      and (m.status <> 'draft' or m.author_id = ${reader.userId}
           or exists (select 1 from motion_coauthors c where c.motion_id = m.id
                      and c.user_id = ${reader.userId} and c.status = 'accepted'))))`;
}

function filtered(filters: SearchFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.assemblyId) {
    // As an assembly's list of motions: its own, and those referred to it.
    conditions.push(
      sql`(e.assembly_id = ${filters.assemblyId} or m.referred_to = ${filters.assemblyId})`,
    );
  }
  if (filters.kind) conditions.push(sql`e.kind = ${filters.kind}`);
  if (filters.status) conditions.push(sql`e.status = ${filters.status}`);
  if (filters.from) conditions.push(sql`e.date >= ${filters.from.toISOString()}::timestamptz`);
  if (filters.before) conditions.push(sql`e.date < ${filters.before.toISOString()}::timestamptz`);
  return conditions;
}

/**
 * One page of what matches `text`, best first, with the number of all matches. The query is
 * stemmed both ways, French and English (websearch syntax: quotes, `or`, `-word`), so either
 * language finds its words whatever the text's. Title words weigh more (`A` against `B`).
 * A statement apart from its execution so that `pnpm bench:search` can show its plan.
 */
export function searchStatement(
  text: string,
  reader: SearchReader,
  filters: SearchFilters,
  page: { limit: number; offset: number },
): SQL {
  // Written out where it is used, not read from a CTE: the planner then sees a constant
  // (websearch_to_tsquery is immutable), estimates the matches and joins by hash.
  const query = sql`(websearch_to_tsquery('cercle_fr', ${text}) || websearch_to_tsquery('cercle_en', ${text}))`;
  // A motion's row holds its current text with positions and weights (title A, text B) and its
  // earlier versions' words stripped of both: `ts_filter` keeps the current text alone.
  const inCurrentText = sql`ts_filter(e.document, '{a,b}') @@ ${query}`;
  const earlierVersions = filters.kind === 'motion_version';
  const conditions = [readable(reader), ...filtered(filters)];
  // Members' rights and the assembly filter read the motion (its assembly, where it was referred).
  const motionOfEntry =
    reader.isAdmin && !filters.assemblyId ? sql`` : sql`left join motions m on m.id = e.motion_id`;
  if (filters.kind === 'motion') conditions.push(inCurrentText);
  // Earlier versions are read only when asked for, shaped as entries so that the same rights and
  // filters apply; rights and status are their motion's.
  const entries = earlierVersions
    ? sql`(select 'motion_version'::text as kind, v.motion_id || ':' || v.version as source_id,
                  vm.assembly_id, v.motion_id, vm.status, v.date, v.document, v.version
           from search_versions v join motions vm on vm.id = v.motion_id)`
    : sql`(select kind, source_id, assembly_id, motion_id, status, date, document,
                  null::int as version
           from search_entries)`;
  // A motion's earlier versions found several times count once, where the words last stood.
  const once = earlierVersions ? sql`distinct on (e.motion_id)` : sql``;
  const onceOrder = earlierVersions ? sql`order by e.motion_id, e.version desc` : sql``;
  // One passage around the best match, short words kept at its edges (ShortWord=0): a short
  // text comes whole, punctuation included.
  const headlineOptions = `StartSel=${matchStart}, StopSel=${matchEnd}, MaxWords=40, MinWords=20, ShortWord=0`;
  return sql`
    with matches as materialized (
      -- Keys and scores only, computed once per row: the bodies are read for the page's rows
      -- alone, and the sorts below carry no tsvector. Words that only stood in a motion's
      -- earlier versions have no position and score 0: the texts that hold them now come first.
      select ${once} e.kind, e.source_id, e.motion_id, e.version, e.date,
             ts_rank_cd(e.document, ${query}) as score
      from ${entries} e
      join assemblies a on a.id = e.assembly_id
      ${motionOfEntry}
      where e.document @@ ${query}
        and ${sql.join(conditions, sql` and `)}
      ${onceOrder}
    ),
    ranked as (
      select kind, source_id, motion_id, version, date, score, count(*) over () as total
      from matches
      order by score desc, date desc, kind, source_id
      limit ${page.limit} offset ${page.offset}
    )
    select case when shown.version is null then e.kind else 'motion_version' end as kind,
           case when shown.version is null then e.source_id
                else e.motion_id || ':' || shown.version end as "sourceId",
           e.assembly_id as "assemblyId", a.name as "assemblyName", a.code as "assemblyCode",
           e.motion_id as "motionId", m.title as "motionTitle",
           m.year as "motionYear", m.rank as "motionRank",
           m.current_version as "currentVersion", e.meeting_id as "meetingId",
           coalesce(shown.title, e.title) as title, e.status, coalesce(shown.date, e.date) as date,
           ranked.total::int as total,
           ts_headline(
             case when e.language = 'en' then 'cercle_en'::regconfig
                  else 'cercle_fr'::regconfig end,
             translate(coalesce(shown.body, e.body), ${matchStart + matchEnd}, ''),
             ${query}, ${headlineOptions}) as headline
    from ranked
    -- An earlier version is shown beside its motion's entry (assembly, status, language).
    join search_entries e
      on e.kind = case when ranked.kind = 'motion_version' then 'motion' else ranked.kind end
     and e.source_id = case when ranked.kind = 'motion_version' then ranked.motion_id
                            else ranked.source_id end
    join assemblies a on a.id = e.assembly_id
    left join motions m on m.id = e.motion_id
    -- The version to show: the one found, or, for a motion whose current text lacks the words,
    -- the latest earlier version that holds them (none when they are spread over several).
    left join lateral (
      select v.version, v.title, v.body, v.date
      from search_versions v
      where v.motion_id = e.motion_id
        and (case when ranked.kind = 'motion_version' then v.version = ranked.version
                  else ranked.kind = 'motion' and not (${inCurrentText}) and v.document @@ ${query}
             end)
      order by v.version desc
      limit 1
    ) shown on true
    order by ranked.score desc, ranked.date desc, ranked.kind, ranked.source_id`;
}

export function createSearchRepository({ db }: { db: Database }) {
  return {
    search: (
      text: string,
      reader: SearchReader,
      filters: SearchFilters,
      page: { limit: number; offset: number },
    ) => queryRows<SearchRow>(db, searchStatement(text, reader, filters, page)),
  };
}

export type SearchRepository = ReturnType<typeof createSearchRepository>;
