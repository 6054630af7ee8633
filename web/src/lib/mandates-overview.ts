// Types only from the shared package: the page reads this in the browser too.
import type { CongressMotion, Mandate } from '@cercle/shared';

/** A motion as a row of an antenna's mandates: given (with the mandate) or still to give. */
export interface MandateRow {
  motionId: string;
  title: string;
  reference: string | null;
  mandate: Mandate | null;
  note: string;
}

export interface AntennaMandates {
  antenna: { id: string; name: string };
  /** The person belongs to it: listed first. */
  mine: boolean;
  rows: MandateRow[];
  given: number;
}

/** What an antenna instructs its delegates on: the motions still debated or decided by vote. */
const mandated = (motion: CongressMotion) =>
  motion.status !== 'merged' && motion.status !== 'withdrawn' && motion.status !== 'draft';

/**
 * Each antenna's mandates across the congress's motions, the missing ones included: the
 * secretariat sees who has spoken, an antenna's secretary what is left to give. The person's
 * own antennas first, then by name.
 */
export function mandatesByAntenna(
  motions: readonly CongressMotion[],
  antennas: readonly { id: string; name: string }[],
  myAssemblyIds: ReadonlySet<string>,
): AntennaMandates[] {
  const debated = motions.filter(mandated);
  return antennas
    .map((antenna) => {
      const rows = debated.map((motion): MandateRow => {
        const given = motion.mandates.find((row) => row.antenna.id === antenna.id);
        return {
          motionId: motion.id,
          title: motion.title,
          reference: motion.reference,
          mandate: given?.mandate ?? null,
          note: given?.note ?? '',
        };
      });
      return {
        antenna,
        mine: myAssemblyIds.has(antenna.id),
        rows,
        given: rows.filter((row) => row.mandate !== null).length,
      };
    })
    .sort(
      (a, b) => Number(b.mine) - Number(a.mine) || a.antenna.name.localeCompare(b.antenna.name),
    );
}
