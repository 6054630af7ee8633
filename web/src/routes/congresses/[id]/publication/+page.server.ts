import { congressFilePath, listCongressTexts } from '$lib/api/congress.ts';
import { locales } from '$lib/i18n/messages.ts';
import { loadCongressMotions } from '$lib/server/congress-page.ts';
import { requireUser } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const [{ congress, motions }, texts] = await Promise.all([
    loadCongressMotions(event),
    listCongressTexts(event.fetch, event.params.id, 'adopted'),
  ]);
  return {
    // The texts themselves, as the document prints them; the downloads stay for print and mail.
    texts: texts.ok ? Object.fromEntries(texts.data.map((text) => [text.motionId, text])) : null,
    congress: { id: congress.id, name: congress.name, current: congress.current },
    adopted: motions.filter((motion) => motion.status === 'adopted'),
    // Made here: importing the API module in the browser would ship its schemas (zod) too.
    downloads: locales.map((language) => ({
      language,
      markdown: congressFilePath(congress.id, 'md', language),
      pdf: congressFilePath(congress.id, 'pdf', language),
    })),
  };
};
