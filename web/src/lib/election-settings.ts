/**
 * An election's settings as its forms show them (creating one, and changing one while it is
 * prepared). Shared by the field markup and the server's reading of the form, so it lives
 * outside `$lib/server`.
 */

/** The settings form as typed, to show it again after a refusal. */
export interface ElectionFormValues {
  subject: string;
  title: string;
  description: string;
  method: string;
  seats: string;
  /** Per college id, the reserved seats as typed. */
  reserved: Record<string, string>;
  parity: boolean;
  keep: string;
  secret: boolean;
  meetingId: string;
  candidaciesOpenAt: string;
  candidaciesCloseAt: string;
  /** One per line (creation only: afterwards, options are added on the election page). */
  options: string;
  /** One per line, best first; empty: the usual grades. */
  grades: string;
}

/** The input holding a college's reserved seats. */
export const reservedField = (collegeId: string) => `reserved-${collegeId}`;
