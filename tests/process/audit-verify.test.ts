import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { testAppForThisFile } from '../support/app.ts';
import { rewriteWithRecomputedHashes } from '../support/audit-attacker.ts';
import { assemblyWithPeople, caller } from '../support/assembly-fixture.ts';
import { repoRoot } from '../support/server-process.ts';

const t = testAppForThisFile({ backgroundJobs: false });

const folder = mkdtempSync(join(tmpdir(), 'cercle-audit-'));

/** Runs `pnpm audit:verify` as its package.json script says, from the repository's root. */
function auditVerify(args: string[], env: Record<string, string> = {}) {
  const script = (
    JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts['audit:verify']!;
  const [command, ...scriptArgs] = script.split(' ');
  expect(command).toBe('node');
  return new Promise<{ code: number; out: string }>((resolve) => {
    execFile(
      process.execPath,
      [...scriptArgs, ...args],
      // Only what a member's machine has: no database, no server configuration.
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', LANG: 'C', ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

describe('pnpm audit:verify', () => {
  it('checks a downloaded chain without the server, and names the first broken link', async () => {
    const { assembly, voters } = await assemblyWithPeople(t.app, { voters: 2 });
    const call = caller(t.app);
    const motion = await call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
      title: 'Une motion',
      text: 'Texte.',
      submit: true,
    });
    const motionId = motion.body.motion.id as string;
    for (const text of ['Pour.', 'Contre.', 'À amender.']) {
      await call(voters[1]!, 'POST', `/api/motions/${motionId}/comments`, { text });
    }
    await vi.waitFor(async () =>
      expect((await t.app.auditWitness.heads(assembly.id)).length).toBe(5),
    );
    const download = async (name: string) => {
      const response = await t.app.inject({
        url: `/api/assemblies/${assembly.id}/audit/chain.jsonl`,
        headers: { cookie: voters[1]!.cookie },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/jsonl; charset=utf-8');
      expect(response.headers['content-disposition']).toMatch(
        /^attachment; filename="cercle-audit-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.jsonl"/,
      );
      const file = join(folder, name);
      writeFileSync(file, response.body);
      return { file, lines: response.body.trimEnd().split('\n') };
    };

    const first = await download('first.jsonl');
    expect(first.lines).toHaveLength(6);
    expect(JSON.parse(first.lines[0]!)).toMatchObject({
      format: 'cercle-audit-chain',
      assemblyId: assembly.id,
      events: 5,
      recordedHead: { seq: 5 },
      heads: [{ seq: 5, source: 'witness' }],
    });
    const intact = await auditVerify([first.file]);
    expect(intact, intact.out).toMatchObject({ code: 0 });
    expect(intact.out).toContain('INTACT: every link of the chain checks out');
    const enFrançais = await auditVerify([first.file], { LANG: 'fr_FR.UTF-8' });
    expect(enFrançais.out).toContain('INTACT : chaque maillon de la chaîne est vérifié');

    // A line of the file edited by hand.
    const edited = [...first.lines];
    edited[3] = edited[3]!.replace('"type":"motion.commented"', '"type":"motion.withdrawn"');
    writeFileSync(join(folder, 'edited.jsonl'), `${edited.join('\n')}\n`);
    const tampered = await auditVerify([join(folder, 'edited.jsonl')]);
    expect(tampered, tampered.out).toMatchObject({ code: 1 });
    expect(tampered.out).toContain('TAMPERED: first broken link at event #3');
    expect(tampered.out).toContain('[chain.hash_mismatch]');

    // The database rewritten with recomputed hashes: the server's outside copy, which the
    // download carries, and the member's earlier download both tell where.
    await rewriteWithRecomputedHashes(t.app.db, assembly.id, 4, (payload) => ({
      ...payload,
      commentId: 'autre',
    }));
    const second = await download('second.jsonl');
    const rewritten = await auditVerify([second.file]);
    expect(rewritten, rewritten.out).toMatchObject({ code: 1 });
    expect(rewritten.out).toContain('first broken link at event #4');
    expect(rewritten.out).toContain('the server’s copy outside the database');
    const original = JSON.parse(first.lines[4]!) as { hash: string };
    for (const args of [
      ['--against', first.file],
      ['--head', `4:${original.hash.slice(0, 16)}`],
    ]) {
      const held = await auditVerify([second.file, ...args]);
      expect(held.out).toContain(
        'Event #4 no longer has the hash that the head you gave holds for it',
      );
    }

    const unreadable = await auditVerify([join(folder, 'missing.jsonl')]);
    expect(unreadable).toMatchObject({ code: 2 });
    expect(unreadable.out).toContain('Unreadable');
    expect((await auditVerify([])).code).toBe(2);
  }, 120_000);
});
