import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMailer } from './mailer.ts';

describe('mailer without SMTP', () => {
  it('writes every mail to the outbox folder instead of dropping it', async () => {
    const outboxDir = join(mkdtempSync(join(tmpdir(), 'cercle-mail-')), 'outbox');
    const warnings: string[] = [];
    const mailer = createMailer({
      smtpUrl: undefined,
      from: 'Cercle <no-reply@example.org>',
      outboxDir,
      log: {
        debug: () => {},
        info: () => {},
        warn: (...logged: unknown[]) => void warnings.push(String(logged[1])),
      },
    });
    const delivery = await mailer.send({
      to: 'lea@example.org',
      subject: 'Invitation à rejoindre MES Occitanie',
      text: 'Ouvrez ce lien : http://localhost:3000/invitations/abc',
    });
    expect(delivery).toBe('outbox');
    await mailer.send({ to: 'ben@example.org', subject: 'Résumé du jour', text: 'Rien de neuf.' });
    // The admin hears once that mail is not sent, not once per mail.
    expect(warnings).toEqual([
      'no SMTP_URL: mails are written to the outbox folder instead of being sent',
    ]);
    const files = readdirSync(outboxDir).filter((file) => file.includes('lea@'));
    expect(readdirSync(outboxDir)).toHaveLength(2);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/lea@example\.org\.eml$/);
    const message = readFileSync(join(outboxDir, files[0]!), 'utf8');
    expect(message).toMatch(/^To: lea@example.org$/m);
    expect(message).toContain('http://localhost:3000/invitations/abc');
  });
});
