// Types only from @cercle/shared: the console reads this module in the browser.
import type { Choice } from '@cercle/shared';

/**
 * The input of one show-of-hands count in the console: per site and choice, and per college
 * when the assembly weighs colleges. The form and its action agree on it, and an error from the
 * API (`counts.3.count`) is shown on the input it came from.
 */
export function siteCountField(target: string, choice: Choice, collegeId?: string): string {
  return collegeId ? `count-${target}-${collegeId}-${choice}` : `count-${target}-${choice}`;
}
