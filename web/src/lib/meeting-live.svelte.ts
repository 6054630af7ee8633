import { browser } from '$app/environment';
import { invalidate, invalidateAll } from '$app/navigation';
import { navigating } from '$app/state';
import type { SpeakerList, TypedRealtimeEvent } from '@cercle/shared';
import {
  eventMeetingId,
  isSpeakerListChange,
  meetingDependency,
  type ConnectionState,
} from './realtime-logic.ts';
import { connection, realtime, type TallyMessage } from './realtime.svelte.ts';

/**
 * Keeps a meeting page live: follows the assembly's topic on the tab's one socket, reloads the
 * page data (debounced) on the events that concern this meeting, and keeps the latest tally of
 * each poll to show at once. Call it while the component initialises.
 */
export class MeetingLive {
  tallies: Record<string, TallyMessage> = $state({});
  /** The list of speakers as last fetched on a speaker event (see `newerList`). */
  speakers: SpeakerList | null = $state(null);

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
      let speakersTimer: ReturnType<typeof setTimeout> | undefined;
      // A speaker asking or given the floor changes only the list: each screen fetches that one
      // document (coalesced like a reload), not the page with its polls, members and proxies.
      const refreshSpeakers = () => {
        clearTimeout(speakersTimer);
        speakersTimer = setTimeout(() => {
          fetch(`/api/meetings/${encodeURIComponent(id)}/speakers`, {
            headers: { accept: 'application/json' },
          })
            .then((response) => (response.ok ? response.json() : null))
            // The server checked it against its schema; not parsed again here, where zod and
            // the schemas would be the page's heaviest download.
            .then((body: { speakers?: SpeakerList } | null) => {
              if (body?.speakers) this.speakers = body.speakers;
            })
            // Offline or refused: the next reload of the page brings the list back.
            .catch(() => undefined);
        }, 120);
      };
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
          if (!mine) return;
          if (isSpeakerListChange(event)) refreshSpeakers();
          else if (relevant(event)) reload();
        },
        onTally: (tally) => {
          this.tallies[tally.pollId] = tally;
        },
        onResync: () => void invalidateAll(),
      });
      return () => {
        clearTimeout(timer);
        clearTimeout(speakersTimer);
        window.removeEventListener('online', reload);
        stop();
      };
    });
  }

  get state(): ConnectionState {
    return browser ? connection.state : 'connecting';
  }
}
