import { browser } from '$app/environment';
import { invalidate, invalidateAll } from '$app/navigation';
import { navigating } from '$app/state';
import type { TypedRealtimeEvent } from '@cercle/shared';
import { eventMeetingId, meetingDependency, type ConnectionState } from './realtime-logic.ts';
import { connection, realtime, type TallyMessage } from './realtime.svelte.ts';

/**
 * Keeps a meeting page live: follows the assembly's topic on the tab's one socket, reloads the
 * page data (debounced) on the events that concern this meeting, and keeps the latest tally of
 * each poll to show at once. Call it while the component initialises.
 */
export class MeetingLive {
  tallies: Record<string, TallyMessage> = $state({});

  constructor(
    assemblyId: () => string,
    meetingId: () => string,
    /** The events worth a reload for this page (default: all of this meeting's and polls'). */
    relevant: (event: TypedRealtimeEvent) => boolean = () => true,
  ) {
    $effect(() => {
      const topic = `assembly:${assemblyId()}`;
      const id = meetingId();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const reload = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          // Offline, the reload would fail into the error page and lose the form on screen:
          // reload once the network is back instead.
          if (!navigator.onLine) {
            window.addEventListener('online', reload, { once: true });
            return;
          }
          // On the way to another page (a form's redirect, e.g. to the minutes it just drafted),
          // reloading this one would cancel that navigation and leave the reader here.
          if (navigating.to && navigating.to.url.pathname !== window.location.pathname) return;
          void invalidate(meetingDependency);
        }, 120);
      };
      const stop = realtime().listen(topic, {
        onEvent: (event) => {
          const about = eventMeetingId(event);
          // Polls and elections say their meeting through their own records: any of them
          // may concern this meeting's pages.
          const mine =
            about === id ||
            (about === undefined &&
              (event.type.startsWith('poll.') || event.type.startsWith('election.')));
          if (mine && relevant(event)) reload();
        },
        onTally: (tally) => {
          this.tallies[tally.pollId] = tally;
        },
        onResync: () => void invalidateAll(),
      });
      return () => {
        clearTimeout(timer);
        window.removeEventListener('online', reload);
        stop();
      };
    });
  }

  get state(): ConnectionState {
    return browser ? connection.state : 'connecting';
  }
}
