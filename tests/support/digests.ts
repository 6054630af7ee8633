import { defaultTimeZone } from '@cercle/shared/time-zones';
import {
  defaultDigestHour,
  nextDigestTime,
} from '../../server/src/modules/notifications/digests.ts';

/**
 * A second after the next daily digest time of the test assemblies' zone (7:00 in Paris), `days`
 * digests from now: what is waiting now is due then, and what comes after waits for the next.
 */
export function afterDigestTime(days = 1): Date {
  let at = new Date();
  for (let day = 0; day < days; day += 1) {
    at = nextDigestTime(at, defaultDigestHour, defaultTimeZone);
  }
  return new Date(at.getTime() + 1000);
}
