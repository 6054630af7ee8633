import { randomBytes } from 'node:crypto';
import type { User } from '@cercle/db';
import type { CurrentUser, Membership } from '@cercle/shared';
import type { SessionManager } from './sessions.ts';

/**
 * The header that ties an in-process API call (`app.inject()` from a SvelteKit load or action,
 * `web/src/lib/server/api-forwarding.ts`) to the page request it serves.
 */
export const pageRequestHeader = 'x-cercle-page-request';

/** Where SvelteKit finds its page request's handle (`event.platform.req`). */
export const pageRequestKey = Symbol.for('cercle.page-request');

type Validated = Awaited<ReturnType<SessionManager['validate']>>;

/** What SvelteKit's hooks read of a page request: the token its API calls carry, its visitor. */
export interface PageRequestHandle {
  readonly token: string;
  /** The signed-in visitor (null if none), and the cookie to set if the session was renewed or ended. */
  visitor(cookieHeader: string | undefined): Promise<{
    user: CurrentUser | null;
    setCookie: string | null;
  }>;
}

/** One page request being rendered: what was read of its session, for its API calls to reuse. */
export interface PageRequest {
  /** The session read once for this request, or read again if the cookie changed since. */
  validate(cookieHeader: string | undefined): Promise<Validated>;
  /** The person's memberships, read once for this request. */
  membershipsOf(userId: string): Promise<Membership[]>;
  /** A change was made in this request (a form action): what follows reads again. */
  forget(): void;
}

/**
 * The page requests SvelteKit is rendering, so that the session and the memberships are read once
 * per page request, not once per API call made while rendering it (ARCHITECTURE.md, "Calling the
 * API in-process"). The web plugin opens one for each request it hands over; its random token
 * lives only while that request does, never leaves the server, and is accepted only from an
 * injected call (`find` is given whether the call came over a network socket): a client sending
 * the header gets nothing from it.
 */
export function createPageRequests({
  sessions,
  membershipsOf,
  currentUser,
}: {
  sessions: SessionManager;
  /** The person's memberships (through the rights cache). */
  membershipsOf(userId: string): Promise<Membership[]>;
  currentUser(user: User, memberships: Membership[]): CurrentUser;
}) {
  const open = new Map<string, PageRequest>();
  let pages = 0;
  let apiCalls = 0;

  function start(): PageRequest {
    /** The session token the cached read was made for, and that read. */
    let read: { token: string | null; validated: Promise<Validated> } | null = null;
    let held: { userId: string; memberships: Promise<Membership[]> } | null = null;
    return {
      validate(cookieHeader) {
        const token = sessions.tokenOf(cookieHeader);
        if (read && read.token === token) {
          // The first reader passes the renewed cookie on; the others have nothing to set.
          return read.validated.then((validated) => ({ ...validated, setCookie: null }));
        }
        const validated = sessions.validate(cookieHeader);
        read = { token, validated };
        // A failed read is not kept: the next call tries again.
        validated.catch(() => {
          if (read?.validated === validated) read = null;
        });
        return validated;
      },
      membershipsOf(userId) {
        if (held?.userId === userId) return held.memberships;
        const memberships = membershipsOf(userId);
        held = { userId, memberships };
        memberships.catch(() => {
          if (held?.memberships === memberships) held = null;
        });
        return memberships;
      },
      forget() {
        read = null;
        held = null;
      },
    };
  }

  return {
    /** A request is handed to SvelteKit: its handle, and `close` for when it has ended. */
    open(): { handle: PageRequestHandle; close(): void } {
      const page = start();
      // Made when SvelteKit first calls the API: its static files never need one.
      let token: string | null = null;
      let visited = false;
      return {
        handle: {
          get token() {
            if (token === null) {
              token = randomBytes(24).toString('base64url');
              open.set(token, page);
            }
            return token;
          },
          async visitor(cookieHeader) {
            if (!visited) pages += 1;
            visited = true;
            const { user, setCookie } = await page.validate(cookieHeader);
            if (!user) return { user: null, setCookie };
            return { user: currentUser(user, await page.membershipsOf(user.id)), setCookie };
          },
        },
        close: () => {
          if (token !== null) open.delete(token);
        },
      };
    },

    /** The page request an API call serves, if it carries a live token and was injected. */
    find(token: string | string[] | undefined, { injected }: { injected: boolean }) {
      if (!injected || typeof token !== 'string') return null;
      const page = open.get(token) ?? null;
      if (page) apiCalls += 1;
      return page;
    },

    /**
     * Requests SvelteKit rendered or answered (pages, their data, form actions), and the API calls
     * they made in-process, since start.
     */
    counts: () => ({ pages, apiCalls }),
  };
}

export type PageRequests = ReturnType<typeof createPageRequests>;
