import { fail, type RequestEvent } from '@sveltejs/kit';
import { speakingOrderSchema } from '@cercle/shared';
import {
  requestFloor,
  runSpeakers,
  setSpeakerListClosed,
  updateMeeting,
  withdrawFloorRequest,
} from '$lib/api/meetings.ts';
import { readChecked, readText } from '$lib/forms.ts';
import { requireUser } from './guards.ts';
import { meetingRefusal, meetingState } from './meeting-page.ts';

/**
 * The list of speakers' form actions, the same on the participant page and the console: each
 * answers the page's usual action state, so forms, errors and notices read alike everywhere.
 */
export const speakerActions = {
  /** One tap on a phone: asks for the floor (or a point of order) at one's site. */
  askFloor: async (event: RequestEvent) => {
    requireUser(event);
    const form = await event.request.formData();
    const category = readText(form, 'category');
    const pointOfOrder = readChecked(form, 'pointOfOrder');
    const result = await requestFloor(event.fetch, event.params.id!, {
      pointOfOrder,
      category: category || null,
    });
    if (!result.ok)
      return meetingRefusal('askFloor', result, { values: { category } }, { category: 'category' });
    return meetingState('askFloor', {
      notice: pointOfOrder ? 'speakers.pointOfOrderNotice' : 'speakers.askedNotice',
    });
  },

  /** A secretary puts someone on the list, at a site (theirs, for a site secretary). */
  addSpeaker: async (event: RequestEvent) => {
    requireUser(event);
    const form = await event.request.formData();
    const values = {
      speakerId: readText(form, 'speakerId'),
      speakerSite: readText(form, 'speakerSite'),
    };
    const result = await requestFloor(event.fetch, event.params.id!, {
      ...(values.speakerId ? { personId: values.speakerId } : {}),
      ...(values.speakerSite ? { siteId: values.speakerSite } : {}),
      pointOfOrder: readChecked(form, 'speakerPointOfOrder'),
    });
    if (!result.ok)
      return meetingRefusal(
        'addSpeaker',
        result,
        { values },
        { personId: 'speakerId', siteId: 'speakerSite' },
      );
    return meetingState('addSpeaker', { notice: 'speakers.addedNotice' });
  },

  /** Withdraws one's own request, or (a secretary) removes one from the list. */
  withdrawFloor: async (event: RequestEvent) => {
    requireUser(event);
    const requestId = readText(await event.request.formData(), 'requestId');
    const result = await withdrawFloorRequest(event.fetch, requestId);
    if (!result.ok) return meetingRefusal('withdrawFloor', result, { target: requestId });
    return meetingState('withdrawFloor', { target: requestId, notice: 'speakers.withdrawnNotice' });
  },

  /** Gives the floor to the next in order, or to the request chosen. */
  giveFloor: async (event: RequestEvent) => {
    requireUser(event);
    const requestId = readText(await event.request.formData(), 'requestId');
    const result = await runSpeakers(event.fetch, event.params.id!, 'give', requestId || undefined);
    if (!result.ok) return meetingRefusal('giveFloor', result);
    return meetingState('giveFloor', { notice: 'speakers.floorGivenNotice' });
  },

  endFloor: async (event: RequestEvent) => {
    requireUser(event);
    const result = await runSpeakers(event.fetch, event.params.id!, 'end');
    if (!result.ok) return meetingRefusal('endFloor', result);
    return meetingState('endFloor', { notice: 'speakers.floorEndedNotice' });
  },

  /** The meeting's rules for the list: order, time per speaker, categories one may declare. */
  speakingRules: async (event: RequestEvent) => {
    requireUser(event);
    const form = await event.request.formData();
    const values = {
      speakingOrder: readText(form, 'speakingOrder'),
      speakingMinutes: readText(form, 'speakingMinutes'),
      speakerCategories: readText(form, 'speakerCategories'),
    };
    const order = speakingOrderSchema.safeParse(values.speakingOrder);
    // Minutes with a decimal part (« 1,5 » or « 1.5 ») are common for a speaking time.
    const minutes = Number(values.speakingMinutes.replace(',', '.'));
    const seconds = Math.round(minutes * 60);
    if (!order.success || !Number.isFinite(minutes) || seconds < 15 || seconds > 3600)
      return fail(
        400,
        meetingState('speakingRules', {
          values,
          problems: [
            order.success
              ? { field: 'speakingMinutes', key: 'validation.speakingMinutes' }
              : { field: 'speakingOrder', key: 'validation.speakingOrder' },
          ],
        }),
      );
    const categories = [
      ...new Set(
        values.speakerCategories
          .split(/[,;\n]/)
          .map((name) => name.trim())
          .filter(Boolean),
      ),
    ];
    const result = await updateMeeting(event.fetch, event.params.id!, {
      speakingOrder: order.data,
      speakingSeconds: seconds,
      speakerCategories: categories,
    });
    if (!result.ok)
      return meetingRefusal(
        'speakingRules',
        result,
        { values },
        {
          speakingOrder: 'speakingOrder',
          speakingSeconds: 'speakingMinutes',
          speakerCategories: 'speakerCategories',
        },
      );
    return meetingState('speakingRules', { notice: 'speakers.rulesNotice' });
  },

  /** Closes the current item's list (points of order stay possible), or opens it again. */
  closeSpeakers: async (event: RequestEvent) => {
    requireUser(event);
    const closed = readText(await event.request.formData(), 'closed') === 'true';
    const result = await setSpeakerListClosed(event.fetch, event.params.id!, closed);
    if (!result.ok) return meetingRefusal('closeSpeakers', result);
    return meetingState('closeSpeakers', {
      notice: closed ? 'speakers.closedNotice' : 'speakers.reopenedNotice',
    });
  },
};
