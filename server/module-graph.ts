/**
 * Fails when server modules depend on each other in a cycle (run by `pnpm check`). A module is a
 * folder of `src/modules`, `src/realtime`, `src/text`, `src/mail`, `src/jobs` or `src/demo`, or one plugin
 * of `src/plugins`; the files at the top of `src` wire them together and are left out. A cycle
 * means neither module can be understood, tested or changed without the other: when one appears,
 * move what both need down to a module both may import, or let one react to the other's events.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const source = join(dirname(fileURLToPath(import.meta.url)), 'src');

function moduleOf(file: string): string | null {
  const [top, second] = relative(source, file).split('/');
  if (top === 'modules' && second) return second;
  if (top === 'plugins' && second) return `plugins/${second.replace(/\.ts$/, '')}`;
  if (top && ['realtime', 'text', 'mail', 'demo', 'jobs'].includes(top)) return top;
  return null;
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** module → module it imports → one import that shows it. */
const graph = new Map<string, Map<string, string>>();
for (const file of filesUnder(source)) {
  const from = moduleOf(file);
  if (!from) continue;
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  for (const { fileName } of importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const to = moduleOf(resolve(dirname(file), fileName));
    if (!to || to === from) continue;
    if (!graph.has(from)) graph.set(from, new Map());
    const edges = graph.get(from)!;
    if (!edges.has(to)) edges.set(to, `${relative(source, file)} imports ${fileName}`);
  }
}

/** Tarjan's strongly connected components: every component of two or more is a cycle. */
function cycles(): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    lowest.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!indices.has(next)) {
        visit(next);
        lowest.set(node, Math.min(lowest.get(node)!, lowest.get(next)!));
      } else if (onStack.has(next)) {
        lowest.set(node, Math.min(lowest.get(node)!, indices.get(next)!));
      }
    }
    if (lowest.get(node) !== indices.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found;
}

const found = cycles();
if (found.length) {
  console.error(`Server modules that depend on each other in a cycle (${found.length}):`);
  for (const component of found) {
    console.error(`\n  ${component.join(', ')}`);
    for (const from of component) {
      for (const [to, example] of graph.get(from) ?? []) {
        if (component.includes(to)) console.error(`    ${from} → ${to}: ${example}`);
      }
    }
  }
  process.exit(1);
}
console.log(`module graph: ${graph.size} modules, no cycle`);
