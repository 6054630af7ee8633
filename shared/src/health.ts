import { z } from 'zod';

export const healthResponseSchema = z
  .object({
    status: z.literal('ok'),
    database: z.enum(['pglite', 'postgres']),
    migrations: z.number().int().nonnegative(),
    /** Which of the processes sharing the port answered (CERCLE_WORKERS), from 1. */
    worker: z.number().int().positive(),
    workers: z.number().int().positive(),
  })
  .meta({ id: 'Health' });
export type HealthResponse = z.infer<typeof healthResponseSchema>;
