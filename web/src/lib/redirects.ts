/**
 * A `redirectTo` from the query string or a form, reduced to a path on this site
 * (an absolute or protocol-relative URL would make an open redirect).
 */
export function safeRedirectTarget(value: string | null | undefined, fallback = '/'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return fallback;
  }
  const base = 'http://cercle.invalid';
  const url = new URL(value, base);
  return url.origin === base ? url.pathname + url.search + url.hash : fallback;
}

/** `/login?redirectTo=/path`, keeping slashes readable (they are legal in a query value). */
export function loginPath(redirectTo: string): string {
  return `/login?redirectTo=${encodeURIComponent(redirectTo).replaceAll('%2F', '/')}`;
}
