import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '@cercle/db';
import { openMotionStatuses, type TodoItem, type TodoKind } from '@cercle/shared';
import { type Actor, allows, type Permission } from '../../permissions.ts';
import { motionReference } from '../motions/motions.service.ts';

/** How far ahead a scheduled meeting is worth a line. */
const meetingHorizonDays = 30;

/** A row of one of the reads below, before its words and path. */
interface Found {
  kind: TodoKind;
  id: string;
  title: string;
  assemblyId: string;
  assemblyName: string;
  timeZone: string;
  /** The assembly's code and the motion's year and rank, for a motion's number. */
  code: string | null;
  year: number | null;
  rank: number | null;
  due: Date | null;
  /** When it arose: orders what has no deadline, the newest first. */
  since: Date | null;
  path: string;
  count: number | null;
  live: boolean;
}

/** Which permission in the item's assembly keeps it on the list (asked of the one table). */
const requiredPermission: Partial<Record<TodoKind, Permission>> = {
  support: 'motion.support',
  meeting: 'meeting.attend',
  mandate: 'congress.forward',
  minutes_approve: 'minutes.publish',
  minutes_publish: 'minutes.publish',
};

const openStatuses = sql.raw(openMotionStatuses.map((status) => `'${status}'`).join(', '));

/**
 * "What needs me now": for the home page and the daily digest, what waits for the person, each
 * thing one tap away, ordered by deadline. Every read is the person's own (their electorate,
 * their motions, their invitations, the assemblies where they hold the role); the permission
 * table then confirms the role-bound kinds, so a line never leads to a refusal.
 */
export function createTodoService({ db }: { db: Database }) {
  /** Polls and election rounds open to them that they have not answered, themselves or by hand. */
  function polls(userId: string) {
    return queryRows<Found>(
      db,
      sql`select 'poll' as kind, p.id, coalesce(m.title, e.title, '') as title,
            a.id as "assemblyId", a.name as "assemblyName", a.time_zone as "timeZone", a.code, m.year, m.rank,
            p.closes_at as due, p.opened_at as since,
            case when p.meeting_id is not null then '/meetings/' || p.meeting_id
                 when p.election_id is not null then '/elections/' || p.election_id
                 else '/motions/' || p.motion_id end as path,
            null::int as count, coalesce(mt.status = 'live', false) as live
          from polls p
          join poll_electorate voter on voter.poll_id = p.id and voter.user_id = ${userId}
          join assemblies a on a.id = p.assembly_id
          left join motions m on m.id = p.motion_id
          left join elections e on e.id = p.election_id
          left join meetings mt on mt.id = p.meeting_id
          where p.status = 'open'
            and not exists (select 1 from participations answered
                            where answered.poll_id = p.id and answered.voter_id = ${userId})`,
    );
  }

  /** Meetings of their assemblies under way, or starting within the horizon. */
  function meetings(userId: string) {
    return queryRows<Found>(
      db,
      sql`select 'meeting' as kind, mt.id, mt.title, a.id as "assemblyId",
            a.name as "assemblyName", a.time_zone as "timeZone", null as code, null::int as year, null::int as rank,
            mt.starts_at as due, mt.created_at as since, '/meetings/' || mt.id as path,
            null::int as count, mt.status = 'live' as live
          from meetings mt
          join members mine on mine.assembly_id = mt.assembly_id and mine.user_id = ${userId}
          join assemblies a on a.id = mt.assembly_id
          where mt.status = 'live'
             or (mt.status = 'scheduled' and mt.ends_at > now()
                 and mt.starts_at < now() + make_interval(days => ${meetingHorizonDays}))`,
    );
  }

  /** Submitted motions of others, short of the supporters their assembly asks, not yet backed. */
  function toSupport(userId: string) {
    return queryRows<Found>(
      db,
      sql`select 'support' as kind, m.id, m.title, a.id as "assemblyId",
            a.name as "assemblyName", a.time_zone as "timeZone", a.code, m.year, m.rank, null::timestamptz as due,
            m.submitted_at as since, '/motions/' || m.id as path,
            (a.supporters_to_admit - backing.supporters)::int as count, false as live
          from motions m
          join members mine on mine.assembly_id = m.assembly_id and mine.user_id = ${userId}
          join assemblies a on a.id = m.assembly_id
          cross join lateral (select count(*)::int as supporters from motion_supporters s
                              where s.motion_id = m.id) backing
          where m.status = 'submitted' and m.author_id <> ${userId}
            and backing.supporters < a.supporters_to_admit
            and not exists (select 1 from motion_supporters s
                            where s.motion_id = m.id and s.user_id = ${userId})
            and not exists (select 1 from motion_coauthors c where c.motion_id = m.id
                            and c.user_id = ${userId} and c.status = 'accepted')`,
    );
  }

  /**
   * What their own motions (as author or accepted co-author) wait for from them: open
   * objections to answer, and composites of them to accept or object to before the phase ends.
   */
  function asAuthor(userId: string) {
    // `motion` is a table alias of the query below, never input.
    const authored = (motion: string) =>
      sql`(${sql.raw(motion)}.author_id = ${userId} or exists (select 1 from motion_coauthors c
            where c.motion_id = ${sql.raw(motion)}.id and c.status = 'accepted'
              and c.user_id = ${userId}))`;
    return queryRows<Found>(
      db,
      sql`select 'objections' as kind, m.id, m.title, a.id as "assemblyId",
            a.name as "assemblyName", a.time_zone as "timeZone", a.code, m.year, m.rank, null::timestamptz as due,
            max(o.created_at) as since, '/motions/' || m.id || '/objections' as path,
            count(*)::int as count, false as live
          from objections o
          join motions m on m.id = o.motion_id
          join assemblies a on a.id = m.assembly_id
          where o.status = 'open' and m.status in (${openStatuses}) and ${authored('m')}
          group by m.id, a.id
        union all
        select 'composite' as kind, composite.id, composite.title, a.id, a.name, a.time_zone, a.code,
            composite.year, composite.rank, phase.closes_at, composite.created_at,
            '/congresses/' || composite.assembly_id || '/motions#response-' || source.id,
            null::int, false
          from composite_sources source_link
          join motions source on source.id = source_link.source_id
          join motions composite on composite.id = source_link.composite_id
          join assemblies a on a.id = composite.assembly_id
          left join congress_phases phase
            on phase.congress_id = composite.assembly_id and phase.phase = 'compositing'
          where source_link.response = 'pending' and ${authored('source')}`,
    );
  }

  /** Invitations to co-author a motion still open to change. */
  function invitations(userId: string) {
    return queryRows<Found>(
      db,
      sql`select 'coauthorship' as kind, m.id, m.title, a.id as "assemblyId",
            a.name as "assemblyName", a.time_zone as "timeZone", a.code, m.year, m.rank, null::timestamptz as due,
            c.invited_at as since, '/motions/' || m.id as path, null::int as count,
            false as live
          from motion_coauthors c
          join motions m on m.id = c.motion_id
          join assemblies a on a.id = m.assembly_id
          where c.user_id = ${userId} and c.status = 'invited'
            and m.status in ('draft', ${openStatuses})`,
    );
  }

  /**
   * For an antenna's secretary, while a congress's antenna deliberation is open: the congress
   * motions still without the antenna's mandate, counted, due when the phase closes.
   */
  function mandates(userId: string) {
    return queryRows<Found>(
      db,
      sql`select 'mandate' as kind, congress.id, congress.name as title,
            antenna.id as "assemblyId", antenna.name as "assemblyName", antenna.time_zone as "timeZone", null as code,
            null::int as year, null::int as rank, phase.closes_at as due,
            phase.opens_at as since, '/congresses/' || congress.id || '/motions' as path,
            count(m.id)::int as count, false as live
          from members mine
          join assemblies antenna on antenna.id = mine.assembly_id and antenna.kind = 'antenna'
          cross join assemblies congress
          join congress_phases phase on phase.congress_id = congress.id
            and phase.phase = 'antenna_deliberation'
            and phase.opens_at <= now() and now() < phase.closes_at
          join motions m on m.assembly_id = congress.id and m.status in (${openStatuses})
          where mine.user_id = ${userId} and congress.kind = 'congress'
            and not exists (select 1 from congress_mandates given
                            where given.motion_id = m.id and given.antenna_id = antenna.id)
          group by congress.id, antenna.id, phase.closes_at, phase.opens_at`,
    );
  }

  /** Minutes of their assemblies' meetings waiting for a secretary: to approve, or to publish. */
  function minutes(userId: string) {
    return queryRows<Found>(
      db,
      sql`select case when mn.status = 'draft' then 'minutes_approve' else 'minutes_publish' end
              as kind, mn.id, mt.title, a.id as "assemblyId", a.name as "assemblyName", a.time_zone as "timeZone",
            null as code, null::int as year, null::int as rank, null::timestamptz as due,
            mn.updated_at as since, '/minutes/' || mn.id as path, null::int as count,
            false as live
          from minutes mn
          join members mine on mine.assembly_id = mn.assembly_id and mine.user_id = ${userId}
          join meetings mt on mt.id = mn.meeting_id
          join assemblies a on a.id = mn.assembly_id
          where mn.status in ('draft', 'approved')
            -- Not theirs to approve when the assembly asks for a second person and they wrote it.
            and not (mn.status = 'draft' and a.minutes_second_approval
                     and coalesce(mn.edited_by, mn.created_by) = ${userId})`,
    );
  }

  return {
    /** What waits for the person, soonest deadline first, then the newest. */
    async of(actor: Actor, userId: string): Promise<TodoItem[]> {
      const found = (
        await Promise.all(
          [polls, meetings, toSupport, asAuthor, invitations, mandates, minutes].map((read) =>
            read(userId),
          ),
        )
      ).flat();
      return found
        .filter((row) => {
          const permission = requiredPermission[row.kind];
          return !permission || allows(actor, permission, { assemblyId: row.assemblyId });
        })
        .sort(byDeadline)
        .map((row) => ({
          kind: row.kind,
          key: `${row.kind}:${row.id}:${row.assemblyId}`,
          title: row.title,
          number:
            row.code && row.year !== null
              ? motionReference(row.code, { year: row.year, rank: row.rank })
              : null,
          assembly: { id: row.assemblyId, name: row.assemblyName, timeZone: row.timeZone },
          due: row.due ? new Date(row.due).toISOString() : null,
          path: row.path,
          count: row.count,
          calendarPath: row.kind === 'meeting' ? `/api/meetings/${row.id}/calendar.ics` : null,
          live: row.live,
        }));
    },
  };
}

/**
 * What is live first (a meeting under way, its polls open now); then deadlines, the soonest
 * first; then what has none, the newest first.
 */
function byDeadline(a: Found, b: Found) {
  if (a.live !== b.live) return a.live ? -1 : 1;
  const time = (date: Date | null) => (date ? new Date(date).getTime() : null);
  const [dueA, dueB] = [time(a.due), time(b.due)];
  if (dueA !== null && dueB !== null && dueA !== dueB) return dueA - dueB;
  if ((dueA === null) !== (dueB === null)) return dueA === null ? 1 : -1;
  return (time(b.since) ?? 0) - (time(a.since) ?? 0);
}

export type TodoService = ReturnType<typeof createTodoService>;
