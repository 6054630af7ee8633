import { congressPhaseSchema } from '@cercle/shared';
import { getCongress, movePhase } from '$lib/api/congress.ts';
import { phaseReasonLength } from '$lib/congress.ts';
import { readText, type FormProblem } from '$lib/forms.ts';
import { zonedInputValue, zonedLocalToIso } from '@cercle/shared/time-zones';
import {
  congressDone,
  congressRefused,
  congressRefusedByApi,
  secretaryAntennas,
} from '$lib/server/congress-page.ts';
import { allows, requireUser, unwrap } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const congress = unwrap(await getCongress(event.fetch, event.params.id), event);
  const scope = { assemblyId: congress.id };
  const prepare = allows(user, 'congress.prepare', scope);
  return {
    congress,
    prepare,
    submitMotions: allows(user, 'motion.submit', scope),
    antennaSecretary: secretaryAntennas(user).length > 0,
    timeZone: congress.timeZone,
    // The date forms show the congress's time, to the minute, as the other date forms do.
    inputs: prepare
      ? Object.fromEntries(
          congress.phases.map((window) => [
            window.phase,
            {
              opensAt: zonedInputValue(window.opensAt, congress.timeZone),
              closesAt: zonedInputValue(window.closesAt, congress.timeZone),
            },
          ]),
        )
      : {},
  };
};

export const actions: Actions = {
  movePhase: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const parsed = congressPhaseSchema.safeParse(readText(form, 'phase'));
    if (!parsed.success) {
      return congressRefused('movePhase', 400, [{ key: 'errors.validation.invalid' }]);
    }
    const phase = parsed.data;
    const ids = {
      opensAt: `opensAt-${phase}`,
      closesAt: `closesAt-${phase}`,
      reason: `reason-${phase}`,
    };
    const values = {
      opensAt: readText(form, 'opensAt'),
      closesAt: readText(form, 'closesAt'),
      reason: readText(form, 'reason'),
    };
    const fields = { target: phase, values };
    // The dates are typed in the congress's zone: read it before reading them.
    const congress = await getCongress(event.fetch, event.params.id);
    if (!congress.ok) return congressRefusedByApi('movePhase', congress, fields);
    const { timeZone } = congress.data;
    const opensAt = zonedLocalToIso(values.opensAt, timeZone);
    const closesAt = zonedLocalToIso(values.closesAt, timeZone);
    const problems: FormProblem[] = [];
    if (!opensAt) problems.push({ field: ids.opensAt, key: 'validation.dateTime' });
    if (!closesAt) problems.push({ field: ids.closesAt, key: 'validation.dateTime' });
    else if (opensAt && closesAt <= opensAt) {
      problems.push({ field: ids.closesAt, key: 'validation.phaseEnd' });
    }
    if (
      values.reason.length < phaseReasonLength.min ||
      values.reason.length > phaseReasonLength.max
    ) {
      problems.push({ field: ids.reason, key: 'validation.phaseReason' });
    }
    if (problems.length > 0 || !opensAt || !closesAt) {
      return congressRefused('movePhase', 400, problems, fields);
    }

    // The form shows minutes: a date left as shown is not sent, so its seconds stay as they were.
    const current = congress.data.phases.find((window) => window.phase === phase);
    const shown = (value: string, iso: string | undefined) =>
      iso !== undefined && value === zonedInputValue(iso, timeZone);
    const change = {
      ...(shown(values.opensAt, current?.opensAt) ? {} : { opensAt }),
      ...(shown(values.closesAt, current?.closesAt) ? {} : { closesAt }),
    };
    if (!change.opensAt && !change.closesAt) {
      return congressRefused(
        'movePhase',
        400,
        [{ field: ids.closesAt, key: 'validation.phaseUnchanged' }],
        fields,
      );
    }
    const result = await movePhase(event.fetch, event.params.id, phase, {
      ...change,
      reason: values.reason,
    });
    if (!result.ok) {
      // The API names the date that would run into a neighbouring phase.
      if (
        result.code === 'validation.invalid' &&
        (result.field === 'opensAt' || result.field === 'closesAt')
      ) {
        const key =
          result.field === 'opensAt'
            ? 'validation.phaseOverlapPrevious'
            : 'validation.phaseOverlapNext';
        return congressRefused('movePhase', 400, [{ field: ids[result.field], key }], fields);
      }
      return congressRefusedByApi('movePhase', result, fields, ids);
    }
    return congressDone('movePhase', phase, 'congress.phaseMovedNotice');
  },
};
