import { enhance as kitEnhance } from '$app/forms';
import { page } from '$app/state';
import type { ActionResult, SubmitFunction } from '@sveltejs/kit';
import { loadErrorMessages } from './i18n/messages.ts';

type Data = Record<string, unknown> | undefined;

/**
 * What the layout shows about enhanced forms, for every page at once: that one is on its way
 * (`pending`), and that the last one got no answer at all (`lost`), so the reader knows it did
 * not go through and can send it again.
 */
export const submissions: { pending: number; lost: boolean } = $state({ pending: 0, lost: false });

/**
 * No answer from the server: offline, cut mid-way, or a proxy's page instead of the app's. Only
 * then does SvelteKit leave `status` unset; an error the app answered has one.
 */
export function isLost(result: ActionResult): boolean {
  return result.type === 'error' && result.status === undefined;
}

function markBusy(submitter: HTMLElement | null, busy: boolean): void {
  for (const attribute of ['aria-busy', 'aria-disabled']) {
    if (busy) submitter?.setAttribute(attribute, 'true');
    else submitter?.removeAttribute(attribute);
  }
}

/**
 * `use:enhance` from `$app/forms`, made for bad networks: the button pressed shows it is busy
 * (`aria-busy`, styled in SubmissionStatus), a second press while the first is on its way is
 * ignored instead of sending the action twice, a submission that got no answer keeps the
 * page and what was typed, and says so (instead of SvelteKit's error page), and a refusal is
 * shown with its words. A form that shows its own failure checks `isLost(result)` and does not
 * call `update` then.
 */
export function enhance<Success extends Data, Failure extends Data>(
  form: HTMLFormElement,
  submit: SubmitFunction<Success, Failure> = () => undefined,
) {
  let busy = false;
  return kitEnhance<Success, Failure>(form, async (input) => {
    if (busy) {
      input.cancel();
      return;
    }
    let cancelled = false;
    const callback = await submit({
      ...input,
      cancel: () => {
        cancelled = true;
        input.cancel();
      },
    });
    if (cancelled) return;
    busy = true;
    submissions.pending += 1;
    submissions.lost = false;
    markBusy(input.submitter, true);
    return async (answer) => {
      // A page with its own messages has not loaded the API's refusals yet: a refused form
      // shows its answer once they are here, not its keys for a moment.
      if (answer.result.type === 'failure') {
        await loadErrorMessages(page.data.locale).catch(() => undefined);
      }
      const update: typeof answer.update = isLost(answer.result)
        ? async () => {
            submissions.lost = true;
          }
        : answer.update;
      try {
        if (callback) await callback({ ...answer, update });
        else await update();
      } finally {
        busy = false;
        submissions.pending -= 1;
        markBusy(input.submitter, false);
      }
    };
  });
}

/**
 * A form whose buttons stay disabled from the press until the page has taken the answer in
 * (creating, saving, signing in): `use:enhance={sending.submit}` and
 * `disabled={sending.active}`. `reset` is SvelteKit's: whether the answer empties the form.
 */
export class Sending {
  active = $state(false);
  readonly #reset: boolean;

  constructor({ reset }: { reset: boolean }) {
    this.#reset = reset;
  }

  readonly submit: SubmitFunction = () => {
    this.active = true;
    return async ({ update }) => {
      await update({ reset: this.#reset });
      this.active = false;
    };
  };
}
