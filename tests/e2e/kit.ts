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
  /** Where the server writes the mails it sends (no SMTP in these tests). */
  outboxDir: string;
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

/** A fresh antenna under the national assembly (made first on a fresh instance), run by the admin. */
export async function newAntenna(
  kit: ScenarioKit,
  { name, codeLetter }: { name: string; codeLetter: string },
): Promise<{ admin: BrowserContext; assemblyId: string; unique: string }> {
  const unique = String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
  const admin = await kit.newContext({ javaScriptEnabled: true });
  await callApi(admin, 'POST', '/api/auth/login', kit.admin);
  const { assemblies } = await callApi<{ assemblies: { id: string; kind: string }[] }>(
    admin,
    'GET',
    '/api/assemblies',
  );
  // Run alone, the instance is fresh: the national assembly comes first.
  const nationalId =
    assemblies.find((one) => one.kind === 'national')?.id ??
    (
      await callApi<{ assembly: { id: string } }>(admin, 'POST', '/api/assemblies', {
        kind: 'national',
        name: 'Mouvement national',
        code: `N${unique}`,
      })
    ).assembly.id;
  const { assembly } = await callApi<{ assembly: { id: string } }>(
    admin,
    'POST',
    '/api/assemblies',
    { kind: 'antenna', name, code: `${codeLetter}${unique}`, parentId: nationalId },
  );
  return { admin, assemblyId: assembly.id, unique };
}

/**
 * Adds a member to an assembly as `admin` and returns a browser context signed in as them, once
 * they accepted their invitation. `who` makes their address and password unique in the run.
 */
export async function invitedMember(
  kit: ScenarioKit,
  admin: BrowserContext,
  assemblyId: string,
  person: {
    name: string;
    who: string;
    role?: 'secretary' | 'member';
    collegeId?: string;
    votingRight?: boolean;
  },
): Promise<BrowserContext> {
  const { name, who, ...membership } = person;
  const { invitationLink } = await callApi<{ invitationLink: string }>(
    admin,
    'POST',
    `/api/assemblies/${assemblyId}/members`,
    { email: `${who}@example.org`, name, ...membership },
  );
  const context = await kit.newContext({ javaScriptEnabled: true });
  const token = new URL(invitationLink).pathname.split('/').pop();
  await callApi(context, 'POST', `/api/invitations/${token}/accept`, {
    name,
    password: `${who}-e2e-pass16`,
  });
  return context;
}
