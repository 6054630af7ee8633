/**
 * Bundles the server's entry points into server/dist (`pnpm build`), so that production runs
 * plain JavaScript with production dependencies only. The workspace packages (@cercle/shared,
 * @cercle/db) export TypeScript sources and are inlined; every npm package stays external and is
 * loaded from node_modules as usual (native ones such as @node-rs/argon2, PGlite's WebAssembly
 * and pdfmake's fonts are read from their own package folders).
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const serverFolder = dirname(fileURLToPath(import.meta.url));
const outdir = join(serverFolder, 'dist');
const { dependencies } = JSON.parse(readFileSync(join(serverFolder, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
const isWorkspacePackage = (name: string) => dependencies[name]?.startsWith('workspace:');

const packageName = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * Keeps npm packages out of the bundle. The bundle runs from server/dist, so Node resolves them
 * from server/node_modules: a package that @cercle/db or @cercle/shared import must be a
 * dependency of the server too, or production would fail at start with "cannot find package".
 */
const npmPackagesExternal: Plugin = {
  name: 'npm-packages-external',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, ({ path, importer }) => {
      if (path.startsWith('node:')) return { external: true };
      const name = packageName(path);
      if (isWorkspacePackage(name)) return undefined;
      if (!(name in dependencies)) {
        return {
          errors: [{ text: `${name} (imported by ${importer}) is not a dependency of the server` }],
        };
      }
      return { external: true };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  // The server and the admin's tools, which a production-only install must run without tsx.
  entryPoints: ['main', 'audit-verify', 'db-move', 'db-backup', 'db-restore'].map((name) =>
    join(serverFolder, `src/${name}.ts`),
  ),
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: true,
  // No keepNames: its helper gives every function a `name` property of its own as it is created
  // (a dictionary of properties, some 300 bytes, for each closure made per socket or per request:
  // a kilobyte and more per websocket at 10,000). Stack traces name functions as written all the
  // same, through the source maps (`--enable-source-maps`).
  keepNames: false,
  logLevel: 'warning',
  plugins: [npmPackagesExternal],
});
