import { and, desc, eq, gte, inArray, isNotNull, lt, type SQL } from 'drizzle-orm';
import {
  agendaItems,
  amendments,
  assemblies,
  type Database,
  elections,
  events,
  meetingSites,
  meetings,
  motions,
  users,
} from '@cercle/db';
import {
  type Actor,
  type AuditEventLine,
  type AuditEventsQuery,
  type EventType,
  eventTypes,
  isEventType,
  type Locale,
  type Outcome,
} from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { requirePermission } from '../../permissions.ts';
import { message, type MessageKey } from '../../text/messages/index.ts';
import { motionReference } from '../motions/motions.service.ts';

const day = 86_400_000;

/** Every event type has its sentence: a type added without one fails the type check here. */
type EventSentenceKey = `auditEvent.${EventType}`;
const sentenceKey = (type: string): MessageKey =>
  isEventType(type) ? (`auditEvent.${type}` satisfies EventSentenceKey) : 'auditEvent.unknown';

/** Payload fields that name something the sentence calls by its name. */
const personFields = ['userId', 'personId', 'grantorId'] as const;

type Payload = Record<string, unknown>;
const text = (payload: Payload, key: string) =>
  typeof payload[key] === 'string' ? (payload[key] as string) : undefined;

/** The audit trail of one assembly, told in words; who may read it is the assembly's setting. */
export function createAuditTrailService({ db }: { db: Database }) {
  async function assemblyOf(id: string) {
    const [row] = await db
      .select({ id: assemblies.id, auditVisibility: assemblies.auditVisibility })
      .from(assemblies)
      .where(eq(assemblies.id, id));
    if (!row) throw new AppError(404, 'assemblies.not_found', 'No such assembly.');
    return row;
  }

  /** Refuses unless the person may read this assembly's trail (its `auditVisibility`). */
  async function requireReader(permissions: Actor, assemblyId: string) {
    // Non-members are refused before anything is looked up: an unknown id tells them nothing.
    requirePermission(
      permissions,
      'assembly.view',
      { assemblyId },
      'This audit trail is for the assembly’s members.',
    );
    const assembly = await assemblyOf(assemblyId);
    requirePermission(
      permissions,
      'audit.read',
      { assemblyId, auditVisibility: assembly.auditVisibility },
      assembly.auditVisibility === 'secretaries'
        ? 'This assembly’s audit trail is for its secretaries.'
        : 'This audit trail is for the assembly’s members.',
    );
    return assembly;
  }

  /** Names of what a page of events mentions, looked up once for the page. */
  async function namesFor(rows: { payload: unknown; actorId: string | null }[]) {
    const ids = (keys: readonly string[]) => [
      ...new Set(
        rows.flatMap((row) =>
          keys.map((key) => text(row.payload as Payload, key)).filter((id) => id !== undefined),
        ),
      ),
    ];
    const personIds = [
      ...new Set([
        ...ids([...personFields, 'holderId']),
        ...rows.flatMap((row) => row.actorId ?? []),
      ]),
    ];
    const lookup = async <T extends { id: string }>(list: string[], query: () => Promise<T[]>) =>
      list.length ? query() : [];
    const motionIds = ids(['motionId']);
    const [
      people,
      motionRows,
      amendmentRows,
      electionRows,
      meetingRows,
      assemblyRows,
      sites,
      items,
    ] = await Promise.all([
      lookup(personIds, () =>
        db
          .select({ id: users.id, name: users.name })
          .from(users)
          .where(inArray(users.id, personIds)),
      ),
      lookup(motionIds, () =>
        db
          .select({
            id: motions.id,
            title: motions.title,
            year: motions.year,
            rank: motions.rank,
            code: assemblies.code,
          })
          .from(motions)
          .innerJoin(assemblies, eq(assemblies.id, motions.assemblyId))
          .where(inArray(motions.id, motionIds)),
      ),
      lookup(ids(['amendmentId']), () =>
        db
          .select({ id: amendments.id, rank: amendments.rank })
          .from(amendments)
          .where(inArray(amendments.id, ids(['amendmentId']))),
      ),
      lookup(ids(['electionId']), () =>
        db
          .select({ id: elections.id, title: elections.title })
          .from(elections)
          .where(inArray(elections.id, ids(['electionId']))),
      ),
      lookup(ids(['meetingId']), () =>
        db
          .select({ id: meetings.id, title: meetings.title })
          .from(meetings)
          .where(inArray(meetings.id, ids(['meetingId']))),
      ),
      lookup(ids(['antennaId', 'referredTo']), () =>
        db
          .select({ id: assemblies.id, name: assemblies.name })
          .from(assemblies)
          .where(inArray(assemblies.id, ids(['antennaId', 'referredTo']))),
      ),
      lookup(ids(['siteId']), () =>
        db
          .select({ id: meetingSites.id, name: meetingSites.name })
          .from(meetingSites)
          .where(inArray(meetingSites.id, ids(['siteId']))),
      ),
      lookup(ids(['itemId']), () =>
        db
          .select({ id: agendaItems.id, title: agendaItems.title })
          .from(agendaItems)
          .where(inArray(agendaItems.id, ids(['itemId']))),
      ),
    ]);
    const byId = <T extends { id: string }>(list: T[], name: (row: T) => string) =>
      new Map(list.map((row) => [row.id, name(row)]));
    return {
      people: byId(people, (row) => row.name),
      motions: byId(motionRows, (row) => {
        const reference = motionReference(row.code, row);
        return reference ? `${reference} — ${row.title}` : row.title;
      }),
      amendments: byId(amendmentRows, (row) => String(row.rank)),
      elections: byId(electionRows, (row) => row.title),
      meetings: byId(meetingRows, (row) => row.title),
      assemblies: byId(assemblyRows, (row) => row.name),
      sites: byId(sites, (row) => row.name),
      items: byId(items, (row) => row.title),
    };
  }

  type Names = Awaited<ReturnType<typeof namesFor>>;

  /**
   * One event as a sentence. Only the payload's names and the event's own facts are told: a
   * poll's totals, never a ballot (events hold none), so nothing pairs a voter with a choice.
   */
  function sentence(
    row: { type: string; actorId: string | null; payload: unknown },
    names: Names,
    language: Locale,
  ) {
    const payload = (row.payload ?? {}) as Payload;
    const t = (key: MessageKey, params?: Record<string, string | number>) =>
      message(language, key, params);
    const named = (map: Map<string, string>, key: string) => {
      const id = text(payload, key);
      return id ? (map.get(id) ?? id) : '—';
    };
    const nobody = t('auditEvent.nobody');
    const person = personFields.map((key) => text(payload, key)).find(Boolean);
    const rank = named(names.amendments, 'amendmentId');
    const outcome = text(payload, 'outcome');
    const mandate = text(payload, 'mandate');
    const params: Record<string, string | number> = {
      type: row.type,
      actor: row.actorId ? (names.people.get(row.actorId) ?? row.actorId) : nobody,
      person: person ? (names.people.get(person) ?? person) : '—',
      holder: named(names.people, 'holderId'),
      motion: named(names.motions, 'motionId'),
      rank,
      election: named(names.elections, 'electionId'),
      meeting: text(payload, 'meetingTitle') ?? named(names.meetings, 'meetingId'),
      antenna: text(payload, 'antennaId')
        ? named(names.assemblies, 'antennaId')
        : named(names.assemblies, 'referredTo'),
      site: named(names.sites, 'siteId'),
      item: named(names.items, 'itemId'),
      name: text(payload, 'name') ?? '',
      title: text(payload, 'title') ?? '',
      reason: text(payload, 'reason') ?? '',
      fileName: text(payload, 'fileName') ?? '',
      label: text(payload, 'label') ?? '',
      version: typeof payload.version === 'number' ? payload.version : '',
      round: typeof payload.round === 'number' ? payload.round : '',
      outcome:
        outcome && ['adopted', 'rejected', 'objected', 'no_quorum'].includes(outcome)
          ? t(`outcome.${outcome as Outcome}`)
          : (outcome ?? ''),
      mandate:
        mandate && ['for', 'against', 'amend', 'free'].includes(mandate)
          ? t(`mandate.${mandate as 'for'}`)
          : (mandate ?? ''),
    };
    return t(sentenceKey(row.type), params);
  }

  return {
    requireReader,

    /** A page of events, newest first, from the cursor `before` down. */
    async page(permissions: Actor, assemblyId: string, query: AuditEventsQuery, language: Locale) {
      const assembly = await requireReader(permissions, assemblyId);
      const conditions: SQL[] = [eq(events.assemblyId, assemblyId)];
      if (query.before) conditions.push(lt(events.seq, query.before));
      if (query.actorId) conditions.push(eq(events.actorId, query.actorId));
      if (query.family) conditions.push(inArray(events.type, typesOf(query.family)));
      if (query.from) conditions.push(gte(events.createdAt, new Date(`${query.from}T00:00:00Z`)));
      if (query.to) {
        conditions.push(lt(events.createdAt, new Date(Date.parse(`${query.to}T00:00:00Z`) + day)));
      }
      const rows = await db
        .select({
          seq: events.seq,
          type: events.type,
          actorId: events.actorId,
          payload: events.payload,
          createdAt: events.createdAt,
        })
        .from(events)
        .where(and(...conditions))
        .orderBy(desc(events.seq))
        .limit(query.limit + 1);
      const shown = rows.slice(0, query.limit);
      const names = await namesFor(shown);
      const actorRows = await db
        .selectDistinct({ id: users.id, name: users.name })
        .from(events)
        .innerJoin(users, eq(users.id, events.actorId))
        .where(and(eq(events.assemblyId, assemblyId), isNotNull(events.actorId)));
      const lines: AuditEventLine[] = shown.map((row) => ({
        seq: row.seq,
        type: row.type,
        family: row.type.split('.')[0]!,
        actor: row.actorId
          ? { id: row.actorId, name: names.people.get(row.actorId) ?? row.actorId }
          : null,
        createdAt: row.createdAt.toISOString(),
        text: sentence(row, names, language),
      }));
      return {
        events: lines,
        nextBefore: rows.length > query.limit ? shown[shown.length - 1]!.seq : null,
        actors: actorRows.sort((a, b) => a.name.localeCompare(b.name, language)),
        visibility: assembly.auditVisibility,
      };
    },
  };
}

/** The types of a family (`poll` → `poll.created`, `poll.opened`…). */
function typesOf(family: string) {
  return eventTypes.filter((type) => type.startsWith(`${family}.`));
}

export type AuditTrailService = ReturnType<typeof createAuditTrailService>;
