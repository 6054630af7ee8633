import type { BrowserContext } from 'playwright-core';

/** What run.ts hands to the scenarios that live in their own files. */
export interface ScenarioKit {
  /** A fresh browser context on the app: phone-sized (360 px), French, watched for foreign requests. */
  newContext: (options: { javaScriptEnabled: boolean }) => Promise<BrowserContext>;
  baseUrl: string;
  /** Registers a test; tests run in the order they are registered. */
  test: (name: string, run: () => Promise<void>) => void;
  /** The admin account created at setup. */
  admin: { email: string; password: string };
}

/** A JSON call with the context's cookies (the same session as its pages); throws on refusal. */
export async function callApi<T>(
  context: BrowserContext,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  path: string,
  data?: unknown,
): Promise<T> {
  const response = await context.request.fetch(path, {
    method,
    ...(data === undefined ? {} : { data }),
  });
  const body = (await response.json().catch(() => undefined)) as T;
  if (!response.ok()) {
    throw new Error(`${method} ${path} → ${response.status()} ${JSON.stringify(body)}`);
  }
  return body;
}
