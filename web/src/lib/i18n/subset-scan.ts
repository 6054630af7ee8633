/**
 * Which messages a page can show, found by reading its code: the page's files and everything
 * they import from the app (not packages), looking for message keys. Used to build the catalogue
 * of a page that phones load in a meeting room (see `catalogueScopes` in messages.ts), so it
 * ships the few hundred messages it uses rather than all two thousand. Node only: it reads files.
 *
 * It errs on the side of too many: a key counts as used when it appears as a string anywhere in
 * those files (`'meeting.title'`), starts with a key prefix written before a template
 * placeholder (`` `choice.${choice}` ``), ends with a suffix written after one
 * (`` `${prefix}.instruction.stv` ``), or extends a plural base (`'result.participation'` →
 * `.one`, `.other`). A key built any other way would be missed: subsets.test.ts fails when the
 * committed subsets are stale, and the browser journeys read the participant page's words.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const importPattern =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]|\bexport\s[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g;
const literalPattern = /['"`]([A-Za-z][\w-]*(?:\.[\w-]+)+)['"`]/g;
const prefixPattern = /[`'"]([A-Za-z][\w-]*(?:\.[\w-]+)*\.)(?:\$\{|['"]\s*\+)/g;
const suffixPattern = /\$\{[^}]+\}((?:\.[\w-]+)+)`/g;

/** The file an import names, or null when it is a package or a framework module. */
function resolveImport(from: string, specifier: string, srcRoot: string): string | null {
  let base: string;
  if (specifier.startsWith('$lib/')) base = join(srcRoot, 'lib', specifier.slice(5));
  else if (specifier === '$lib') base = join(srcRoot, 'lib');
  else if (specifier.startsWith('.')) base = resolve(dirname(from), specifier);
  else return null;
  const candidates = [
    base,
    `${base}.ts`,
    `${base}.js`,
    `${base}.svelte`,
    join(base, 'index.ts'),
    join(base, 'index.js'),
  ];
  return (
    candidates.find((candidate) => /\.(ts|js|svelte)$/.test(candidate) && existsSync(candidate)) ??
    null
  );
}

export interface KeyEvidence {
  literals: Set<string>;
  prefixes: Set<string>;
  suffixes: Set<string>;
  /** Every file read, for the test's message when something is missing. */
  files: Set<string>;
}

/** Reads the entry files and every app module they import, collecting what looks like keys. */
export function scanEntries(entries: readonly string[], srcRoot: string): KeyEvidence {
  const evidence: KeyEvidence = {
    literals: new Set(),
    prefixes: new Set(),
    suffixes: new Set(),
    files: new Set(),
  };
  const queue = entries.filter((entry) => existsSync(entry));
  while (queue.length) {
    const file = queue.pop()!;
    if (evidence.files.has(file)) continue;
    evidence.files.add(file);
    // The catalogues themselves are full of keys: reading them would keep every message.
    if (/\/i18n\/([\w-]+\.)?(fr|en)\.ts$/.test(file)) continue;
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(importPattern)) {
      const target = resolveImport(file, (match[1] ?? match[2])!, srcRoot);
      if (target) queue.push(target);
    }
    for (const match of source.matchAll(literalPattern)) evidence.literals.add(match[1]!);
    for (const match of source.matchAll(prefixPattern)) evidence.prefixes.add(match[1]!);
    for (const match of source.matchAll(suffixPattern)) evidence.suffixes.add(match[1]!);
  }
  return evidence;
}

/** The keys of a catalogue the evidence says may be shown, in the catalogue's order. */
export function keysUsed(catalogueKeys: readonly string[], evidence: KeyEvidence): string[] {
  return catalogueKeys.filter((key) => {
    if (evidence.literals.has(key)) return true;
    const base = key.slice(0, key.lastIndexOf('.'));
    if (evidence.literals.has(base)) return true;
    for (const prefix of evidence.prefixes) if (key.startsWith(prefix)) return true;
    for (const suffix of evidence.suffixes) if (key.endsWith(suffix)) return true;
    return false;
  });
}
