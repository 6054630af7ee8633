/** True for requests Fastify answers itself; every other path belongs to the web app. */
export function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

/**
 * Whether a request was made in-process (`app.inject()`: a page's load or action calling the
 * API) rather than over the network: only light-my-request's requests carry this field.
 */
export function isInProcess(request: { raw: object }): boolean {
  return '_lightMyRequest' in request.raw;
}
