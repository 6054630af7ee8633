import type { SpeakerList } from '@cercle/shared';
import { secondsLeft, warningSeconds } from '@cercle/shared/speaker-clock';

export type ClockState = 'running' | 'warning' | 'over';

/**
 * The speaking timer, on every screen alike: set by the server's clock at the list's reading
 * (so a phone whose clock is off still shows the room's time), ticking once a second.
 */
export class SpeakerClock {
  #now = $state(Date.now());

  constructor(list: () => SpeakerList | null) {
    $effect(() => {
      const current = list();
      if (!current?.current) return;
      // How far this device's clock is from the server's, measured when the list was read.
      const offset = Date.parse(current.serverTime) - Date.now();
      this.#now = Date.now() + offset;
      const timer = setInterval(() => (this.#now = Date.now() + offset), 1000);
      return () => clearInterval(timer);
    });
    this.#list = list;
  }

  #list: () => SpeakerList | null;

  /** Seconds left (negative once over); null when nobody holds the floor. */
  get left(): number | null {
    const current = this.#list()?.current;
    return current ? secondsLeft(current, this.#now) : null;
  }

  get state(): ClockState | null {
    const current = this.#list()?.current;
    const left = this.left;
    if (!current || left === null) return null;
    if (left < 0) return 'over';
    return left <= warningSeconds(current.allottedSeconds) ? 'warning' : 'running';
  }
}

/** « 2:05 », « −0:12 » once over. */
export function formatClock(seconds: number): string {
  const sign = seconds < 0 ? '−' : '';
  const whole = Math.abs(seconds);
  return `${sign}${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
