import type { Cookies } from '@sveltejs/kit';

export type CookieOptions = Parameters<Cookies['set']>[2];

/** One `Set-Cookie` line as `cookies.set` arguments, attributes kept exactly as the API sent them. */
export function parseSetCookie(
  line: string,
): { name: string; value: string; options: CookieOptions } | undefined {
  const [pair = '', ...attributes] = line.split(';');
  const separator = pair.indexOf('=');
  if (separator <= 0) return undefined;

  const options: CookieOptions = {
    // RFC 6265 would default to the API route's directory; the API always sends Path=/.
    path: '/',
    httpOnly: false,
    secure: false,
    sameSite: false,
    // The value is already encoded by the API; pass it through untouched.
    encode: (value) => value,
  };
  for (const attribute of attributes) {
    const [rawKey = '', ...rest] = attribute.split('=');
    const value = rest.join('=').trim();
    switch (rawKey.trim().toLowerCase()) {
      case 'path':
        options.path = value || '/';
        break;
      case 'domain':
        options.domain = value;
        break;
      case 'max-age':
        options.maxAge = Number(value);
        break;
      case 'expires':
        options.expires = new Date(value);
        break;
      case 'httponly':
        options.httpOnly = true;
        break;
      case 'secure':
        options.secure = true;
        break;
      case 'samesite': {
        const sameSite = value.toLowerCase();
        if (sameSite === 'lax' || sameSite === 'strict' || sameSite === 'none') {
          options.sameSite = sameSite;
        }
        break;
      }
      case 'partitioned':
        options.partitioned = true;
        break;
    }
  }
  return {
    name: pair.slice(0, separator).trim(),
    value: pair.slice(separator + 1).trim(),
    options,
  };
}
