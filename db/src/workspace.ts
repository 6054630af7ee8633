import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's root folder (the one holding pnpm-workspace.yaml), found by walking up from
 * the running code. Files the server reads at run time (migrations, the built web app) are
 * named from it because the same code runs from its sources (db/src, server/src/plugins) and
 * bundled into server/dist/main.js, at different depths.
 */
export function workspaceRoot(from: string = import.meta.url): string {
  let folder = dirname(fileURLToPath(from));
  while (!existsSync(join(folder, 'pnpm-workspace.yaml'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no pnpm-workspace.yaml above ${fileURLToPath(from)}`);
    folder = parent;
  }
  return folder;
}
