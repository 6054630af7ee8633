import { z } from 'zod';

/** Ids are opaque strings; the server makes them, clients only echo them. */
export const idSchema = z.string().min(1).max(64);
