/** What the inline script of `app.html` noted of a field as it was typed, ticked or chosen. */
interface Noted {
  value: string;
  checked: boolean;
  /** For a select, which of its options were selected. */
  selected: boolean[] | null;
}

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

declare global {
  interface Window {
    /** Stops noting and hands over what was noted (set by `app.html`, taken once). */
    __cercleInputBeforeHydration?: () => Map<Field, Noted>;
  }
}

const isToggle = (field: Field): field is HTMLInputElement =>
  field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio');

/**
 * Puts back what a person typed, ticked or chose before the page's scripts took over (hydrating
 * sets every field to the value the server rendered), in the order it was done, and tells the
 * page's bindings and listeners as if it were done now. Called once, when the page has hydrated.
 */
export function restoreInputBeforeHydration() {
  const take = window.__cercleInputBeforeHydration;
  if (!take) return;
  delete window.__cercleInputBeforeHydration;
  for (const [field, noted] of take()) {
    if (!field.isConnected) continue;
    if (isToggle(field)) {
      // A radio unchecked by another one of its group was not noted then: only a choice is put back.
      if ((field.type === 'radio' && !noted.checked) || field.checked === noted.checked) continue;
      field.checked = noted.checked;
      field.dispatchEvent(new Event('change', { bubbles: true }));
    } else if (field instanceof HTMLSelectElement && noted.selected) {
      const options = [...field.options];
      if (options.every((option, index) => option.selected === noted.selected![index])) continue;
      options.forEach((option, index) => (option.selected = noted.selected![index] ?? false));
      field.dispatchEvent(new Event('change', { bubbles: true }));
    } else if (field.value !== noted.value) {
      field.value = noted.value;
      field.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }
}
