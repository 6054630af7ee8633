import { isMotionAuthor, mandateSchema } from '@cercle/shared';
import { compositeAnswers } from '@cercle/shared/enums';
import {
  answerComposite,
  createComposite,
  listCongressTexts,
  recordMandate,
} from '$lib/api/congress.ts';
import { compositeTitleLength, noteMaxLength } from '$lib/congress.ts';
import { present, readText } from '$lib/forms.ts';
import {
  congressDone,
  congressRefused,
  congressRefusedByApi,
  loadCongressMotions,
  secretaryAntennas,
} from '$lib/server/congress-page.ts';
import { allows, requireUser } from '$lib/server/guards.ts';
import { checkMarkdown } from '$lib/server/motion-form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { congress, motions } = await loadCongressMotions(event);
  const prepare = allows(user, 'congress.prepare', { assemblyId: congress.id });
  // The secretariat composes from the texts themselves: read them only for that form.
  const texts =
    prepare && congress.current === 'compositing'
      ? await listCongressTexts(event.fetch, congress.id, 'open')
      : null;
  return {
    sourceTexts: texts?.ok
      ? Object.fromEntries(texts.data.map((text) => [text.motionId, text.html]))
      : {},
    congress: { id: congress.id, name: congress.name, current: congress.current },
    motions,
    // What the page offers depends on the phase open now; the API decides in the end.
    antennas: congress.current === 'antenna_deliberation' ? secretaryAntennas(user) : [],
    prepare,
    // A merged motion's author, or any co-author who accepted, answers for it.
    answerableSources: motions.flatMap((motion) =>
      motion.sources
        .filter((source) =>
          isMotionAuthor(
            {
              authorId: source.author.id,
              coauthors: source.coauthors.map(({ id }) => ({ userId: id, status: 'accepted' })),
            },
            user.id,
          ),
        )
        .map((source) => source.motionId),
    ),
    notice: event.url.searchParams.get('notice'),
  };
};

export const actions: Actions = {
  mandate: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const motionId = readText(form, 'motionId');
    const values = {
      antennaId: readText(form, 'antennaId'),
      mandate: readText(form, 'mandate'),
      note: readText(form, 'note'),
    };
    const ids = {
      antennaId: `antenna-${motionId}`,
      mandate: `mandate-${motionId}`,
      note: `note-${motionId}`,
    };
    const fields = { target: motionId, values };
    const mandate = mandateSchema.safeParse(values.mandate);
    const problems = present(
      values.antennaId ? undefined : { field: ids.antennaId, key: 'validation.antennaRequired' },
      mandate.success ? undefined : { field: ids.mandate, key: 'validation.mandateRequired' },
      values.note.length > noteMaxLength
        ? { field: ids.note, key: 'validation.congressNoteTooLong' }
        : undefined,
    );
    if (problems.length > 0 || !mandate.success) {
      return congressRefused('mandate', 400, problems, fields);
    }
    const result = await recordMandate(event.fetch, event.params.id, {
      motionId,
      antennaId: values.antennaId,
      mandate: mandate.data,
      note: values.note,
    });
    if (!result.ok) return congressRefusedByApi('mandate', result, fields, ids);
    return congressDone('mandate', motionId, 'congress.mandateRecordedNotice');
  },

  answer: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const motionId = readText(form, 'motionId');
    const compositeId = readText(form, 'compositeId');
    const values = { response: readText(form, 'response'), note: readText(form, 'note') };
    const ids = { response: `response-${motionId}`, note: `answerNote-${motionId}` };
    const fields = { target: motionId, values };
    const response = compositeAnswers.find((answer) => answer === values.response);
    const problems = present(
      response ? undefined : { field: ids.response, key: 'validation.compositeAnswer' },
      values.note.length > noteMaxLength
        ? { field: ids.note, key: 'validation.congressNoteTooLong' }
        : undefined,
    );
    if (problems.length > 0 || !response) return congressRefused('answer', 400, problems, fields);
    const result = await answerComposite(event.fetch, event.params.id, compositeId, {
      motionId,
      response,
      note: values.note,
    });
    if (!result.ok) return congressRefusedByApi('answer', result, fields, ids);
    return congressDone('answer', motionId, `congress.answered.${response}`);
  },

  composite: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const motionIds = form.getAll('motionIds').filter((id) => typeof id === 'string');
    const values = {
      title: readText(form, 'compositeTitle'),
      text: readText(form, 'compositeText'),
      motionIds: motionIds.join(','),
    };
    const fields = { values };
    const problems = present(
      motionIds.length < 2 ? { field: 'motionIds', key: 'validation.compositeSources' } : undefined,
      values.title.length < compositeTitleLength.min ||
        values.title.length > compositeTitleLength.max
        ? { field: 'compositeTitle', key: 'validation.motionTitle' }
        : undefined,
      checkMarkdown(values.text, 'compositeText'),
    );
    if (problems.length > 0) return congressRefused('composite', 400, problems, fields);
    const result = await createComposite(event.fetch, event.params.id, {
      title: values.title,
      text: values.text,
      motionIds,
    });
    if (!result.ok) {
      return congressRefusedByApi('composite', result, fields, {
        motionIds: 'motionIds',
        title: 'compositeTitle',
        text: 'compositeText',
      });
    }
    return congressDone('composite', null, 'congress.compositeMadeNotice', {
      title: values.title,
    });
  },
};
