import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMailer } from './mailer.ts';

describe('mailer without SMTP', () => {
  it('writes every mail to the outbox folder instead of dropping it', async () => {
    const outboxDir = join(mkdtempSync(join(tmpdir(), 'cercle-mail-')), 'outbox');
    const mailer = createMailer({
      smtpUrl: undefined,
      from: 'Cercle <no-reply@example.org>',
      outboxDir,
      log: { info: () => {}, warn: () => {} },
    });
    const delivery = await mailer.send({
      to: 'lea@example.org',
      subject: 'Invitation à rejoindre MES Occitanie',
      text: 'Ouvrez ce lien : http://localhost:3000/invitations/abc',
    });
    expect(delivery).toBe('outbox');
    const files = readdirSync(outboxDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/lea@example\.org\.eml$/);
    const message = readFileSync(join(outboxDir, files[0]!), 'utf8');
    expect(message).toMatch(/^To: lea@example.org$/m);
    expect(message).toContain('http://localhost:3000/invitations/abc');
  });
});
