import { tick } from 'svelte';

/**
 * Brings what newly needs the reader to the top of their attention: when a key appears that was
 * not there before (a poll just opened, the floor just given to me), the element it names takes
 * the focus (so the screen scrolls to it and a screen reader reads it), the message is announced
 * in a polite live region, and the phone vibrates briefly where the browser allows. What was
 * already there when the page opened is left alone. Call it while the component initialises.
 */
export class Attention {
  /** The latest announcement, for a `role="status"` region on the page. */
  message = $state('');

  constructor(
    /** What deserves attention now, each with the id of the element to focus and its words. */
    wanted: () => readonly { key: string; elementId: string; message: string }[],
  ) {
    // Plain (not reactive) on purpose: it only remembers the previous run.
    let seen: readonly string[] | null = null;
    $effect(() => {
      const now = wanted();
      const before = seen;
      seen = now.map((item) => item.key);
      if (!before) return;
      const fresh = now.find((item) => !before.includes(item.key));
      if (!fresh) return;
      this.message = fresh.message;
      void tick().then(() => {
        const element = document.getElementById(fresh.elementId);
        if (!element) return;
        if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
        element.focus();
        element.scrollIntoView({ block: 'start' });
      });
      // A short buzz, for a phone in a pocket or on the table; ignored where unsupported.
      navigator.vibrate?.(200);
    });
  }
}
