/**
 * One person, one answer in an election held in a meeting, whatever the order of events.
 * fast-check generates random sequences of what happens while a majority judgment round is open
 * (check in at a site, move, check out, give a proxy, vote in the app for oneself or by proxy,
 * resend a ballot, a site secretary entering or correcting the site's paper count) and plays them
 * through the API next to a model that predicts each answer: who may vote where, who a site's
 * count covers (present or represented there, not yet counted), and how many paper ballots it
 * may then hold. After every step the server agrees with the model: the same answers, the same
 * people counted in the app and under each site's count (never both, never twice), and the
 * round's participation is the app ballots plus the sites' paper ballots. At the close, the
 * count's expressed and blank ballots add up to that participation.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@cercle/db';
import { testAppForThisFile } from '../support/app.ts';
import type { Person } from '../support/assembly-fixture.ts';
import { assemblyForMeetings, electionOfMeeting, meetingOf } from '../support/election-meeting.ts';

const t = testAppForThisFile({ backgroundJobs: false });
let people: Awaited<ReturnType<typeof assemblyForMeetings>>;
/** Those who come and vote: the secretary and 4 members (the site secretaries only count). */
let actors: Person[];

beforeAll(async () => {
  // One assembly for every run (signing people in is the slow part); each run has its own
  // meeting and election, so attendance, proxies and ballots start empty.
  people = await assemblyForMeetings(t, 4);
  actors = [people.secretary, ...people.voters];
}, 120_000);

type SiteIndex = 0 | 1;
type Action =
  | { kind: 'checkIn'; who: number; site: SiteIndex }
  | { kind: 'checkOut'; who: number }
  | { kind: 'giveProxy'; who: number; to: number }
  | {
      kind: 'vote';
      who: number;
      /** null: for oneself; else the person whose proxy the caster means to carry. */
      forWhom: number | null;
      /** Sends again the caster's last ballot for that voter (a lost answer, a double tap). */
      resend: boolean;
      /** null: a blank ballot; else grades for the two candidates (0 = Excellent … 6). */
      grades: [number, number] | null;
    }
  /** The site's paper ballots: as many as the model says it may hold, plus `extra` (−1 … 1). */
  | { kind: 'siteCount'; site: SiteIndex; extra: number; blank: number };

const person = fc.integer({ min: 0, max: 4 });
const site = fc.constantFrom<SiteIndex>(0, 1);
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('checkIn' as const), who: person, site }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('checkOut' as const), who: person }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('giveProxy' as const), who: person, to: person }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('vote' as const),
      who: person,
      forWhom: fc.oneof(
        { weight: 3, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: person },
      ),
      resend: fc.boolean(),
      grades: fc.option(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })), {
        freq: 4,
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('siteCount' as const),
      site,
      extra: fc.integer({ min: -1, max: 1 }),
      blank: fc.integer({ min: 0, max: 2 }),
    }),
  },
);

/** What the model expects of a request: a status, and an error code or a ballot's status. */
interface Expected {
  status: number;
  code?: string;
  ballot?: 'counted' | 'changed' | 'already_counted';
}

/**
 * The meeting and the round as the model sees them, by actor index. Present: at which site.
 * Proxies: grantor → holder, active ones. App: who is counted in the app, with the client id of
 * the counted ballot and whether it is blank. Hands: who is under which site's paper count.
 */
function newModel() {
  const present = new Map<number, SiteIndex>();
  const proxies = new Map<number, number>();
  const app = new Map<number, { clientBallotId: string; blank: boolean }>();
  const hands = new Map<number, SiteIndex>();
  const sites = new Map<SiteIndex, { ballots: number; blank: number }>();
  const counted = (who: number) => app.has(who) || hands.has(who);
  /** Those a site's count would cover now: present or represented there, not counted yet. */
  const coverable = (at: SiteIndex) =>
    actors
      .map((_, who) => who)
      .filter((who) => {
        if (counted(who)) return false;
        if (present.get(who) === at) return true;
        const holder = proxies.get(who);
        return !present.has(who) && holder !== undefined && present.get(holder) === at;
      });
  const underHands = (at: SiteIndex) => [...hands].filter(([, s]) => s === at).map(([w]) => w);
  return {
    present,
    proxies,
    app,
    hands,
    sites,
    coverable,
    underHands,
    /** How many paper ballots the site's count may hold if it were entered now. */
    room: (at: SiteIndex) => underHands(at).length + coverable(at).length,
    participation: () =>
      app.size + [...sites.values()].reduce((sum, count) => sum + count.ballots, 0),
    checkIn(who: number, at: SiteIndex) {
      present.set(who, at);
      // Arriving ends the proxy one gave.
      proxies.delete(who);
    },
    vote(caster: number, voter: number, clientBallotId: string, blank: boolean, secret: boolean) {
      const refused = (status: number, code: string): Expected => ({ status, code });
      if (!present.has(caster)) return refused(403, 'meetings.not_present');
      if (voter !== caster && proxies.get(voter) !== caster)
        return refused(403, 'ballots.no_proxy');
      if (hands.has(voter)) return refused(409, 'ballots.counted_at_site');
      const before = app.get(voter);
      if (before?.clientBallotId === clientBallotId) {
        return { status: 200, ballot: 'already_counted' } as Expected;
      }
      if (before && secret) return refused(409, 'ballots.already_cast');
      app.set(voter, { clientBallotId, blank });
      return { status: 200, ballot: before ? 'changed' : 'counted' } as Expected;
    },
    siteCount(at: SiteIndex, ballots: number, blank: number): Expected {
      const room = this.room(at);
      if (ballots > room) return { status: 409, code: 'site_counts.too_many' };
      for (const who of coverable(at)) hands.set(who, at);
      sites.set(at, { ballots, blank });
      return { status: 200 };
    },
  };
}

describe('one person, one answer in a meeting election', () => {
  it('holds over random sequences of check-ins, proxies, app ballots, resends and site counts', async () => {
    const accepted = { ballots: 0, siteCounts: 0, refusedSiteCounts: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(action, { minLength: 6, maxLength: 20 }),
        async (secret, actions) => {
          const meeting = await meetingOf(t, people);
          const { call, meetingId, secretaryOfA, secretaryOfB } = meeting;
          const siteOf = [meeting.siteA, meeting.siteB] as const;
          const siteSecretaries = [secretaryOfA, secretaryOfB] as const;
          const election = await electionOfMeeting(
            meeting,
            { method: 'majority_judgment', seats: 1, secret },
            [actors[1]!, actors[2]!],
          );
          const [first, second] = election.candidateIds as [string, string];
          const opened = await election.openRound();
          expect(opened.status, JSON.stringify(opened.body)).toBe(200);
          const pollId = opened.body.election.rounds[0].pollId as string;
          const model = newModel();
          /** Each caster's last ballot per voter, for resends. */
          const lastSent = new Map<string, { clientBallotId: string; selection: object }>();

          const agree = async (what: string) => {
            const rows = await queryRows<{ voter_id: string; method: string; site_id: string }>(
              t.app.db,
              sql`select voter_id, method, site_id from participations where poll_id = ${pollId}`,
            );
            const index = (id: string) => actors.findIndex((a) => a.id === id);
            // Everyone counted is one of the actors, once, the way the model says.
            const inApp = rows.filter((r) => r.method === 'app').map((r) => index(r.voter_id));
            const inHands = rows
              .filter((r) => r.method === 'hands')
              .map((r) => `${index(r.voter_id)}@${r.site_id}`);
            expect(inApp.sort(), `${what}: counted in the app`).toEqual(
              [...model.app.keys()].sort(),
            );
            expect(inHands.sort(), `${what}: under a site's count`).toEqual(
              [...model.hands].map(([who, at]) => `${who}@${siteOf[at].id}`).sort(),
            );
            const view = (await election.view()).body.election.rounds[0];
            expect(view.participation, `${what}: participation`).toBe(model.participation());
            for (const [at, count] of model.sites) {
              expect(count.ballots).toBeLessThanOrEqual(model.underHands(at).length);
            }
          };

          for (const step of actions) {
            const who = actors[step.kind === 'siteCount' ? 0 : step.who]!;
            const what = JSON.stringify(step);
            if (step.kind === 'checkIn') {
              const answer = await call(who, 'POST', `/api/meetings/${meetingId}/attendance`, {
                code: siteOf[step.site].checkInCode,
              });
              expect(answer.status, what).toBe(200);
              model.checkIn(step.who, step.site);
            } else if (step.kind === 'checkOut') {
              const answer = await call(who, 'DELETE', `/api/meetings/${meetingId}/attendance`);
              expect(answer.status, what).toBe(model.present.has(step.who) ? 200 : 409);
              model.present.delete(step.who);
            } else if (step.kind === 'giveProxy') {
              // The proxy rules (presence, cap, no chains) are the meetings tests' business: the
              // model takes the proxy when the API does.
              const answer = await meeting.giveProxy(who, actors[step.to]!);
              expect(answer.status, what).toBeLessThan(500);
              if (answer.status === 201) model.proxies.set(step.who, step.to);
            } else if (step.kind === 'vote') {
              const voter = step.forWhom ?? step.who;
              const key = `${step.who}>${voter}`;
              const previous = lastSent.get(key);
              const sent =
                step.resend && previous
                  ? previous
                  : {
                      clientBallotId: randomUUID(),
                      selection: {
                        grades: step.grades
                          ? { [first]: step.grades[0], [second]: step.grades[1] }
                          : {},
                      },
                    };
              lastSent.set(key, sent);
              const blank = Object.keys((sent.selection as { grades: object }).grades).length === 0;
              const expected = model.vote(step.who, voter, sent.clientBallotId, blank, secret);
              const answer = await election.vote(who, sent.selection, {
                clientBallotId: sent.clientBallotId,
                ...(voter === step.who ? {} : { onBehalfOf: actors[voter]!.id }),
              });
              expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).toBe(
                expected.status,
              );
              if (expected.code) expect(answer.body.error.code, what).toBe(expected.code);
              if (expected.ballot) {
                expect(answer.body.status, what).toBe(expected.ballot);
                accepted.ballots += 1;
              }
            } else {
              const ballots = Math.max(0, model.room(step.site) + step.extra);
              const blank = Math.min(step.blank, ballots);
              const expected = model.siteCount(step.site, ballots, blank);
              const answer = await election.siteCounts(siteSecretaries[step.site], {
                siteId: siteOf[step.site].id,
                ballots,
                blank,
                // Every expressed paper ballot gives the first candidate Excellent and leaves
                // the second ungraded (the lowest grade).
                profiles: { [first]: [ballots - blank] },
              });
              expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).toBe(
                expected.status,
              );
              if (expected.code) expect(answer.body.error.code, what).toBe(expected.code);
              if (answer.status === 200) accepted.siteCounts += 1;
              else accepted.refusedSiteCounts += 1;
            }
            await agree(what);
          }

          const closed = await election.close();
          expect(closed.status, JSON.stringify(closed.body)).toBe(200);
          const round = closed.body.election.rounds[0];
          const participation = model.participation();
          expect(round.participation).toBe(participation);
          expect(round.result.ballots).toBe(participation);
          const blank =
            [...model.app.values()].filter((ballot) => ballot.blank).length +
            [...model.sites.values()].reduce((sum, count) => sum + count.blank, 0);
          // Majority judgment: every ballot is expressed or blank, each counted once.
          expect(round.result.count).toMatchObject({ blank, expressed: participation - blank });
          expect(round.result.count.expressed + round.result.count.blank).toBe(participation);
          // Every expressed ballot graded both names (the paper ones left the second ungraded,
          // which is the lowest grade): each profile holds all of them.
          for (const standing of round.result.count.standings) {
            const graded = standing.profile.reduce((sum: number, n: number) => sum + n, 0);
            expect(graded).toBe(participation - blank);
          }
          await call(people.secretary, 'POST', `/api/meetings/${meetingId}/end`);
        },
      ),
      { numRuns: 25 },
    );
    // The sequences did exercise both ways of answering, and the bound on paper ballots (15
    // runs once gave exactly 5 app ballots in all: 25 runs give about 10 times more).
    expect(accepted.ballots).toBeGreaterThan(5);
    expect(accepted.siteCounts).toBeGreaterThan(3);
    expect(accepted.refusedSiteCounts).toBeGreaterThan(0);
  }, 300_000);
});
