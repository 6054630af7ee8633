import type { Database, User } from '@cercle/db';
import type { Actor, ExcerptPart, SearchQuery, SearchResponse, SearchResult } from '@cercle/shared';
import { searchDefaultPageSize } from '@cercle/shared';
import { allows } from '../../permissions.ts';
import { motionReference } from '../motions/motions.service.ts';
import {
  createSearchRepository,
  matchEnd,
  matchStart,
  type SearchReader,
  type SearchRow,
} from './search.repository.ts';

const dayMs = 24 * 60 * 60 * 1000;

/** Cuts `ts_headline`'s marked text into parts; the markers never reach the page. */
export function excerptParts(headline: string): ExcerptPart[] {
  const parts: ExcerptPart[] = [];
  const pattern = new RegExp(`${matchStart}([^${matchEnd}]*)${matchEnd}`, 'g');
  let last = 0;
  for (const found of headline.matchAll(pattern)) {
    if (found.index > last) parts.push({ text: headline.slice(last, found.index), match: false });
    if (found[1]) parts.push({ text: found[1], match: true });
    last = found.index + found[0].length;
  }
  if (last < headline.length) parts.push({ text: headline.slice(last), match: false });
  // A stray marker (none should remain) is dropped rather than shown.
  return parts.map((part) => ({ ...part, text: part.text.replace(/[\uE000\uE001]/g, '') }));
}

/** The page that shows what was found. */
function pathOf(row: SearchRow): string {
  const motion = `/motions/${encodeURIComponent(row.motionId ?? '')}`;
  switch (row.kind) {
    case 'motion':
      return motion;
    case 'motion_version':
      // The earlier text beside the current one: what changed since.
      return `${motion}/diff?from=${versionOf(row)}&to=${row.currentVersion}`;
    case 'amendment':
      return `${motion}#amendment-${encodeURIComponent(row.sourceId)}`;
    case 'comment':
      return `${motion}#comment-${encodeURIComponent(row.sourceId)}`;
    case 'minutes':
      return `/minutes/${encodeURIComponent(row.sourceId)}`;
  }
}

function versionOf(row: SearchRow) {
  return row.motionId ? Number(row.sourceId.slice(row.motionId.length + 1)) : null;
}

function toResult(row: SearchRow): SearchResult {
  return {
    kind: row.kind,
    sourceId: row.sourceId,
    title: row.title,
    excerpt: excerptParts(row.headline),
    assembly: { id: row.assemblyId, name: row.assemblyName },
    motion: row.motionId
      ? {
          id: row.motionId,
          title: row.motionTitle ?? '',
          reference: motionReference(row.assemblyCode, {
            year: row.motionYear,
            rank: row.motionRank,
          }),
        }
      : null,
    version: row.kind === 'motion_version' ? versionOf(row) : null,
    meetingId: row.meetingId,
    status: row.status,
    date: new Date(row.date).toISOString(),
    path: pathOf(row),
  };
}

/**
 * The search across everything a person may read. The entries are kept by the database's
 * triggers (migration 0014); this only asks, with the reader's rights turned into SQL.
 */
export function createSearchService({ db }: { db: Database }) {
  const repository = createSearchRepository({ db });

  /** The same permission table as every other read: `assembly.view`, `minutes.publish`. */
  function readerOf(user: User, actor: Actor): SearchReader {
    const assemblyIds = actor.memberships.map((membership) => membership.assemblyId);
    return {
      userId: user.id,
      isAdmin: actor.isAdmin,
      memberOf: assemblyIds.filter((assemblyId) => allows(actor, 'assembly.view', { assemblyId })),
      secretaryOf: assemblyIds.filter((assemblyId) =>
        allows(actor, 'minutes.publish', { assemblyId }),
      ),
    };
  }

  return {
    async search(user: User, actor: Actor, query: SearchQuery): Promise<SearchResponse> {
      const reader = readerOf(user, actor);
      const filters = {
        assemblyId: query.assemblyId,
        kind: query.kind,
        status: query.status,
        from: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
        before: query.to ? new Date(Date.parse(`${query.to}T00:00:00Z`) + dayMs) : undefined,
      };
      const limit = query.limit ?? searchDefaultPageSize;
      const offset = query.offset ?? 0;
      const rows = await repository.search(query.q, reader, filters, { limit, offset });
      // Past the last page the window has no row to carry the total: ask for the first one.
      const total =
        rows[0]?.total ??
        (offset > 0
          ? ((await repository.search(query.q, reader, filters, { limit: 1, offset: 0 }))[0]
              ?.total ?? 0)
          : 0);
      return { total, results: rows.map(toResult) };
    },
  };
}
