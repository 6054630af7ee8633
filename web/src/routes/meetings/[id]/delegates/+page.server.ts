import { fail } from '@sveltejs/kit';
import { maxDelegateSeats } from '@cercle/shared';
import {
  accreditDelegate,
  designateDelegate,
  getDelegates,
  setAccreditationRequired,
  setDelegateQuotas,
  withdrawDelegate,
} from '$lib/api/accreditation.ts';
import { readChecked, readText } from '$lib/forms.ts';
import { requireUser, unwrap } from '$lib/server/guards.ts';
import { meetingRefusal, meetingState } from '$lib/server/meeting-page.ts';
import type { Actions, PageServerLoad } from './$types';

/** The input of one antenna's quota, for the page and its error summary. */
const seatsField = (antennaId: string) => `seats-${antennaId}`;

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const delegates = unwrap(await getDelegates(event.fetch, event.params.id), event);
  return { delegates };
};

export const actions: Actions = {
  setting: async (event) => {
    requireUser(event);
    const required = readChecked(await event.request.formData(), 'required');
    const result = await setAccreditationRequired(event.fetch, event.params.id, required);
    if (!result.ok) return meetingRefusal('setting', result);
    return meetingState('setting', { notice: 'delegates.settingSaved' });
  },

  quotas: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const antennaIds = form
      .getAll('antennaId')
      .filter((id): id is string => typeof id === 'string');
    const values: Record<string, string> = {};
    const quotas: { antennaId: string; seats: number }[] = [];
    const problems = [];
    /** The API names a bad row by its index (`quotas.2.seats`): which input it was. */
    const apiFields: Record<string, string> = {};
    for (const antennaId of antennaIds) {
      const field = seatsField(antennaId);
      const raw = readText(form, field);
      values[field] = raw;
      const seats = Number(raw || '0');
      if (!Number.isInteger(seats) || seats < 0 || seats > maxDelegateSeats) {
        problems.push({ field, key: 'validation.seats' as const });
        continue;
      }
      apiFields[`quotas.${quotas.length}.seats`] = field;
      apiFields[`quotas.${quotas.length}.antennaId`] = field;
      quotas.push({ antennaId, seats });
    }
    if (problems.length > 0) return fail(400, meetingState('quotas', { values, problems }));
    const result = await setDelegateQuotas(event.fetch, event.params.id, { quotas });
    if (!result.ok) return meetingRefusal('quotas', result, { values }, apiFields);
    return meetingState('quotas', { notice: 'delegates.quotasSaved' });
  },

  designate: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const antennaId = readText(form, 'antennaId');
    // One form per antenna on the page: each names its choice after its antenna.
    const field = `userId-${antennaId}`;
    const userId = readText(form, field);
    if (!userId) {
      return fail(
        400,
        meetingState('designate', {
          target: antennaId,
          problems: [{ field, key: 'validation.delegateRequired' }],
        }),
      );
    }
    const result = await designateDelegate(event.fetch, event.params.id, { userId, antennaId });
    if (!result.ok) {
      return meetingRefusal('designate', result, { target: antennaId }, { userId: field });
    }
    return meetingState('designate', { target: antennaId, notice: 'delegates.designatedNotice' });
  },

  withdraw: async (event) => {
    requireUser(event);
    const userId = readText(await event.request.formData(), 'userId');
    const result = await withdrawDelegate(event.fetch, event.params.id, userId);
    if (!result.ok) return meetingRefusal('withdraw', result, { target: userId });
    return meetingState('withdraw', { target: userId, notice: 'delegates.withdrawnNotice' });
  },

  accredit: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const userId = readText(form, 'userId');
    const siteId = readText(form, 'siteId');
    const result = await accreditDelegate(event.fetch, event.params.id, userId, siteId);
    if (!result.ok) return meetingRefusal('accredit', result, { target: siteId });
    return meetingState('accredit', { target: siteId, notice: 'delegates.accreditedNotice' });
  },
};
