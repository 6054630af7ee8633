import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's 2024 minimum (19 MiB, 2 passes): about 30 ms here, affordable on a
// small server at the login rate of a large meeting.
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

// Hash of a random string, computed once: verifying against it takes as long as a real check,
// so a login for an unknown address cannot be told apart by its timing.
let decoyHash: Promise<string> | undefined;

export async function verifyPassword(
  passwordHash: string | null | undefined,
  password: string,
): Promise<boolean> {
  if (!passwordHash) {
    decoyHash ??= hashPassword(crypto.randomUUID());
    await verify(await decoyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
