import { z } from 'zod';

/**
 * Asks to erase an account (GDPR art. 17): the asker's password (the person's own, or the
 * admin's when an admin erases someone at their request), and the account's email address typed
 * again, so that nobody erases an account by a slip.
 */
export const eraseAccountBodySchema = z.object({
  password: z.string().min(1).max(256),
  confirmation: z.string().min(1).max(320),
});
export type EraseAccountBody = z.infer<typeof eraseAccountBodySchema>;
