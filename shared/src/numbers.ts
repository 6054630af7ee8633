import { z } from 'zod';

/**
 * The largest whole number a column holds (PostgreSQL `integer`). Inputs say so in their schema,
 * so a huge number is refused naming its field, instead of overflowing in the database.
 */
export const maxStoredInteger = 2_147_483_647;

/** A whole number that fits the database, from `min` (1 by default: versions, positions). */
export function storedInteger(min = 1) {
  return z.number().int().min(min).max(maxStoredInteger);
}
