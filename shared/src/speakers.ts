/**
 * The order of a list of speakers merged across a meeting's sites (issue 17's first rule): who
 * speaks next, by the meeting's policy, from the requests waiting and who has spoken already.
 * Pure, so the console, the projector and the phones order it the same way, and so it is tested
 * with tables of cases.
 *
 * The rules, in words:
 * - a point of order (« motion d'ordre ») goes before every other request, points of order among
 *   themselves in the order they were asked;
 * - `arrival`: in the order the requests were made;
 * - `first_time_first`: those who have not spoken yet (in this meeting's history) before those
 *   who have, each group in arrival order;
 * - `site_rotation`: each next speaker comes from the site that has waited longest since one of
 *   its people last spoke (a site never heard yet before any other, then by its earliest request),
 *   and is that site's earliest request;
 * - `category_alternation`: each next speaker is the earliest request whose declared category
 *   differs from the last declared category heard; when none differs, the earliest request.
 *   Declaring a category is voluntary: a request without one is never held back, and a speaker
 *   without one does not change which category was heard last.
 * Requests made at the same moment are ordered by their id, so the order never depends on the
 * order they were read in.
 */
import { z } from 'zod';
import { speakingOrders } from './enums.ts';
import { idSchema } from './ids.ts';
export const speakingOrderSchema = z.enum(speakingOrders);
export type SpeakingOrder = z.infer<typeof speakingOrderSchema>;

export const speakerRequestSchema = z.object({
  id: idSchema,
  personId: idSchema,
  /** Where the person asked from; null: no site (an asynchronous or single-room meeting). */
  siteId: idSchema.nullable(),
  /** Declared by the person if they wish, used only by `category_alternation`. */
  category: z.string().min(1).max(40).nullable(),
  /** When the floor was asked, in milliseconds (the server's clock). */
  requestedAt: z.number(),
  pointOfOrder: z.boolean(),
});
export type SpeakerRequest = z.infer<typeof speakerRequestSchema>;

/** Who has spoken in the meeting so far, oldest first. */
export interface SpokenTurn {
  personId: string;
  siteId: string | null;
  category: string | null;
}

const byArrival = (a: SpeakerRequest, b: SpeakerRequest) =>
  a.requestedAt - b.requestedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The waiting requests in the order they will be given the floor. */
export function orderSpeakers(
  requests: readonly SpeakerRequest[],
  policy: SpeakingOrder,
  history: readonly SpokenTurn[] = [],
): SpeakerRequest[] {
  const points = requests.filter((request) => request.pointOfOrder).sort(byArrival);
  const waiting = requests.filter((request) => !request.pointOfOrder).sort(byArrival);
  return [...points, ...orderByPolicy(waiting, policy, history)];
}

/** The request that gets the floor next, if any. */
export function nextSpeaker(
  requests: readonly SpeakerRequest[],
  policy: SpeakingOrder,
  history: readonly SpokenTurn[] = [],
): SpeakerRequest | null {
  return orderSpeakers(requests, policy, history)[0] ?? null;
}

function orderByPolicy(
  waiting: SpeakerRequest[],
  policy: SpeakingOrder,
  history: readonly SpokenTurn[],
): SpeakerRequest[] {
  switch (policy) {
    case 'arrival':
      return waiting;
    case 'first_time_first': {
      const spoke = new Set(history.map((turn) => turn.personId));
      return [
        ...waiting.filter((request) => !spoke.has(request.personId)),
        ...waiting.filter((request) => spoke.has(request.personId)),
      ];
    }
    case 'site_rotation':
      return rotateSites(waiting, history);
    case 'category_alternation':
      return alternateCategories(waiting, history);
  }
}

/**
 * Gives the floor site by site: the site heard least recently goes next (never heard: first,
 * earliest request first among them). Each turn given is added to the history, so the order of
 * the whole list is the order the floor would be given in.
 */
function rotateSites(waiting: SpeakerRequest[], history: readonly SpokenTurn[]) {
  const lastHeard = new Map<string | null, number>();
  history.forEach((turn, index) => lastHeard.set(turn.siteId, index));
  let turn = history.length;
  const queue = [...waiting];
  const order: SpeakerRequest[] = [];
  while (queue.length) {
    // Each site's earliest request stands for its site; the queue is in arrival order.
    const firstOfSite = new Map<string | null, SpeakerRequest>();
    for (const request of queue)
      if (!firstOfSite.has(request.siteId)) firstOfSite.set(request.siteId, request);
    const next = [...firstOfSite.values()].sort(
      (a, b) =>
        (lastHeard.get(a.siteId) ?? -1) - (lastHeard.get(b.siteId) ?? -1) || byArrival(a, b),
    )[0]!;
    order.push(next);
    queue.splice(queue.indexOf(next), 1);
    lastHeard.set(next.siteId, turn);
    turn += 1;
  }
  return order;
}

function alternateCategories(waiting: SpeakerRequest[], history: readonly SpokenTurn[]) {
  let last = [...history].reverse().find((turn) => turn.category !== null)?.category ?? null;
  const queue = [...waiting];
  const order: SpeakerRequest[] = [];
  while (queue.length) {
    const next =
      queue.find((request) => request.category === null || request.category !== last) ?? queue[0]!;
    order.push(next);
    queue.splice(queue.indexOf(next), 1);
    if (next.category !== null) last = next.category;
  }
  return order;
}
