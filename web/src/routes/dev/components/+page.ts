import { error } from '@sveltejs/kit';
import { dev } from '$app/environment';
import type { PageLoad } from './$types';

/**
 * The component catalogue is a tool for whoever works on the interface (`pnpm dev:web`): a
 * production build answers 404, so a running instance never shows it.
 */
export const load: PageLoad = () => {
  if (!dev) error(404, 'Not Found');
  return { wide: true };
};
