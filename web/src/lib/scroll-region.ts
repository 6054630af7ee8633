import type { Attachment } from 'svelte/attachments';

/**
 * A box whose content overflows sideways (a wide table on a phone) can only be scrolled from the
 * keyboard once it can take the focus (WCAG 2.1.1; axe's « scrollable-region-focusable »). While
 * it overflows, it joins the tab order, named for screen readers: a table by its caption, any
 * other box as a region called `label`. Once it fits, it leaves the tab order again, so wider
 * screens get no needless stop. With `selector`, the boxes are the matching descendants instead
 * (the tables of rendered Markdown), found again whenever the content changes.
 */
export function scrollableByKeyboard(label: string, selector?: string): Attachment<HTMLElement> {
  return (node) => {
    const boxes = () =>
      selector ? Array.from(node.querySelectorAll<HTMLElement>(selector)) : [node];
    const refresh = () => {
      for (const box of boxes()) mark(box, label);
    };
    const resized = new ResizeObserver(refresh);
    const observeAll = () => {
      resized.disconnect();
      for (const box of boxes()) {
        resized.observe(box);
        // The content growing (a live tally, a longer name) changes the overflow too.
        if (box.firstElementChild) resized.observe(box.firstElementChild);
      }
    };
    const changed = new MutationObserver(() => {
      observeAll();
      refresh();
    });
    observeAll();
    refresh();
    if (selector) changed.observe(node, { childList: true, subtree: true });
    return () => {
      resized.disconnect();
      changed.disconnect();
    };
  };
}

function mark(box: HTMLElement, label: string): void {
  const overflows = box.scrollWidth > box.clientWidth;
  const isTable = box instanceof HTMLTableElement;
  const named = isTable && Boolean(box.caption?.textContent?.trim());
  if (overflows) {
    box.tabIndex = 0;
    // A table keeps its own role and its caption; a wrapper becomes a named region.
    if (!isTable) box.setAttribute('role', 'region');
    if (!named) box.setAttribute('aria-label', captionOf(box) ?? label);
  } else if (box.hasAttribute('tabindex')) {
    box.removeAttribute('tabindex');
    if (!isTable) box.removeAttribute('role');
    if (!named) box.removeAttribute('aria-label');
  }
}

/** The caption of the table inside a wrapper: the name a screen reader would give the table. */
function captionOf(box: HTMLElement): string | undefined {
  return box.querySelector('caption')?.textContent?.trim() || undefined;
}
