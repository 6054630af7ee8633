// No imports: every form control reads this, on every page.

/**
 * The ids of a control's hint and error (as FieldNotes writes them), for its
 * `aria-describedby`: screen readers read the hint, then the error. None: no attribute.
 */
export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return (
    [hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined]
      .filter((part) => part !== undefined)
      .join(' ') || undefined
  );
}
