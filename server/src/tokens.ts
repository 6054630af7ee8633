import { createHash, randomBytes } from 'node:crypto';

/** A secret for a link (setup, invitation): 256 bits, URL-safe. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a link's secret: enough to recognise it, useless to replay. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
