import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderSpeakers, nextSpeaker, type SpeakerRequest, type SpokenTurn } from './speakers.ts';
import { speakingOrders } from './enums.ts';

/** A request: `who` asks the floor at minute `at`, from `site`, with a declared category. */
const ask = (
  who: string,
  at: number,
  site: string | null = null,
  category: string | null = null,
  pointOfOrder = false,
): SpeakerRequest => ({
  id: `r-${who}`,
  personId: who,
  siteId: site,
  category,
  requestedAt: at * 60_000,
  pointOfOrder,
});
const spoke = (who: string, site: string | null = null, category: string | null = null) =>
  ({ personId: who, siteId: site, category }) satisfies SpokenTurn;
const names = (requests: SpeakerRequest[]) => requests.map((request) => request.personId);

describe('orderSpeakers, worked by hand', () => {
  it.each([
    {
      name: 'arrival: in the order asked',
      policy: 'arrival' as const,
      requests: [ask('Chloé', 3), ask('Awa', 1), ask('Bruno', 2)],
      history: [],
      expected: ['Awa', 'Bruno', 'Chloé'],
    },
    {
      name: 'arrival: asked at the same moment, by request id (never by reading order)',
      policy: 'arrival' as const,
      requests: [ask('Bruno', 1), ask('Awa', 1)],
      history: [],
      // r-Awa < r-Bruno
      expected: ['Awa', 'Bruno'],
    },
    {
      name: 'a point of order goes first, even asked last',
      policy: 'arrival' as const,
      requests: [ask('Awa', 1), ask('Bruno', 2), ask('Denis', 9, null, null, true)],
      history: [],
      expected: ['Denis', 'Awa', 'Bruno'],
    },
    {
      name: 'points of order among themselves in arrival order, whatever the policy',
      policy: 'first_time_first' as const,
      requests: [ask('Eva', 5, null, null, true), ask('Awa', 1), ask('Denis', 4, null, null, true)],
      history: [spoke('Denis')],
      expected: ['Denis', 'Eva', 'Awa'],
    },
    {
      name: 'first time first: Awa and Chloé have spoken, Bruno and Denis not yet',
      policy: 'first_time_first' as const,
      requests: [ask('Awa', 1), ask('Bruno', 2), ask('Chloé', 3), ask('Denis', 4)],
      history: [spoke('Chloé'), spoke('Awa')],
      // New voices in arrival order (Bruno 2, Denis 4), then the others in arrival order (Awa 1,
      // Chloé 3).
      expected: ['Bruno', 'Denis', 'Awa', 'Chloé'],
    },
    {
      name: 'site rotation: no site heard yet, sites by their earliest request',
      policy: 'site_rotation' as const,
      requests: [
        ask('Awa', 1, 'lyon'),
        ask('Bruno', 2, 'lyon'),
        ask('Chloé', 3, 'lille'),
        ask('Denis', 4, 'lyon'),
        ask('Eva', 5, 'online'),
      ],
      history: [],
      // Turn 1: lyon (earliest request, Awa 1), lille (Chloé 3), online (Eva 5) never heard: Awa.
      // Turn 2: lille and online never heard: lille's Chloé (3) before online's Eva (5).
      // Turn 3: online never heard: Eva. Turn 4: lyon (heard at turn 1) is the only one left
      // with requests: Bruno, then Denis.
      expected: ['Awa', 'Chloé', 'Eva', 'Bruno', 'Denis'],
    },
    {
      name: 'site rotation: the site heard least recently goes first',
      policy: 'site_rotation' as const,
      requests: [ask('Awa', 1, 'lyon'), ask('Chloé', 2, 'lille'), ask('Bruno', 3, 'lyon')],
      // Lille was heard last (turn 1), Lyon before it (turn 0): Lyon's turn.
      history: [spoke('Xavier', 'lyon'), spoke('Yann', 'lille')],
      // Turn 2: Lyon (last heard at 0) before Lille (1): Awa. Turn 3: Lille (1) before Lyon (2):
      // Chloé. Turn 4: Bruno.
      expected: ['Awa', 'Chloé', 'Bruno'],
    },
    {
      name: 'site rotation: a site that asked late is not skipped for ever',
      policy: 'site_rotation' as const,
      requests: [
        ask('Awa', 1, 'lyon'),
        ask('Bruno', 2, 'lyon'),
        ask('Chloé', 3, 'lyon'),
        ask('Zoé', 30, 'metz'),
      ],
      history: [spoke('Xavier', 'metz')],
      // Lyon never heard: Awa. Then Metz (heard at 0) before Lyon (heard at 1): Zoé, though she
      // asked last. Then Bruno, Chloé.
      expected: ['Awa', 'Zoé', 'Bruno', 'Chloé'],
    },
    {
      name: 'category alternation: alternates when both are waiting',
      policy: 'category_alternation' as const,
      requests: [
        ask('Bruno', 1, null, 'homme'),
        ask('Denis', 2, null, 'homme'),
        ask('Awa', 3, null, 'femme'),
        ask('Chloé', 4, null, 'femme'),
      ],
      history: [spoke('Eva', null, 'femme')],
      // Last heard: femme → Bruno (homme, earliest different); last homme → Awa; last femme →
      // Denis; last homme → Chloé.
      expected: ['Bruno', 'Awa', 'Denis', 'Chloé'],
    },
    {
      name: 'category alternation: with one category left, in arrival order',
      policy: 'category_alternation' as const,
      requests: [ask('Bruno', 1, null, 'homme'), ask('Denis', 2, null, 'homme')],
      history: [spoke('Yann', null, 'homme')],
      // Nobody differs from « homme »: the earliest request, then the next.
      expected: ['Bruno', 'Denis'],
    },
    {
      name: 'category alternation: undeclared never waits, and leaves the last category as it was',
      policy: 'category_alternation' as const,
      requests: [
        ask('Bruno', 1, null, 'homme'),
        ask('Sam', 2, null, null),
        ask('Awa', 3, null, 'femme'),
        ask('Denis', 4, null, 'homme'),
      ],
      history: [spoke('Yann', null, 'homme'), spoke('Kim', null, null)],
      // Last declared category heard: homme (Kim declared none). Earliest not « homme »: Sam
      // (undeclared, 2) → last still homme; earliest not homme: Awa (3) → last femme; Bruno (1,
      // homme) → last homme; Denis.
      expected: ['Sam', 'Awa', 'Bruno', 'Denis'],
    },
  ])('$name', ({ policy, requests, history, expected }) => {
    expect(names(orderSpeakers(requests, policy, history))).toEqual(expected);
    expect(nextSpeaker(requests, policy, history)?.personId).toBe(expected[0]);
  });

  it('has nobody next when nobody asked', () => {
    for (const policy of speakingOrders) expect(nextSpeaker([], policy)).toBeNull();
  });
});

const requestsArbitrary = fc
  .uniqueArray(
    fc.record({
      person: fc.integer({ min: 0, max: 30 }),
      at: fc.integer({ min: 0, max: 20 }),
      site: fc.constantFrom(null, 'lyon', 'lille', 'metz'),
      category: fc.constantFrom(null, 'femme', 'homme'),
      pointOfOrder: fc.boolean(),
    }),
    { selector: (request) => request.person, maxLength: 12 },
  )
  .map((rows) =>
    rows.map((row) => ask(`p${row.person}`, row.at, row.site, row.category, row.pointOfOrder)),
  );
const historyArbitrary = fc.array(
  fc.record({
    personId: fc.integer({ min: 0, max: 30 }).map((n) => `p${n}`),
    siteId: fc.constantFrom(null, 'lyon', 'lille', 'metz'),
    category: fc.constantFrom(null, 'femme', 'homme'),
  }),
  { maxLength: 6 },
);

describe('orderSpeakers, properties', () => {
  it('gives every request exactly one place, points of order first, whatever the reading order', () => {
    fc.assert(
      fc.property(
        requestsArbitrary,
        historyArbitrary,
        fc.constantFrom(...speakingOrders),
        (requests, history, policy) => {
          const order = orderSpeakers(requests, policy, history);
          expect([...order].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(
            [...requests].sort((a, b) => (a.id < b.id ? -1 : 1)),
          );
          const points = order.filter((request) => request.pointOfOrder).length;
          expect(order.slice(0, points).every((request) => request.pointOfOrder)).toBe(true);
          expect(orderSpeakers([...requests].reverse(), policy, history)).toEqual(order);
        },
      ),
    );
  });

  it('under site rotation, never gives a site two turns in a row while another site waits', () => {
    fc.assert(
      fc.property(requestsArbitrary, historyArbitrary, (requests, history) => {
        const order = orderSpeakers(requests, 'site_rotation', history).filter(
          (request) => !request.pointOfOrder,
        );
        order.forEach((request, index) => {
          const previous = order[index - 1];
          if (!previous || previous.siteId !== request.siteId) return;
          // Two in a row from one site: nobody from another site was still waiting.
          expect(order.slice(index).every((later) => later.siteId === request.siteId)).toBe(true);
        });
      }),
    );
  });
});
