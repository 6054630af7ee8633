import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';

const apiTarget = process.env.CERCLE_API_URL ?? 'http://127.0.0.1:3000';

/** Code used by this many pages (routes' nodes) or more is bundled together: see `build`. */
const sharedByPages = 10;

// Lines SvelteKit and adapter-node print at every build that mislead someone running Cercle:
// Cercle serves its build with `pnpm start`, not `npm run preview`, and adapter-node's
// environment entry is empty by design (Cercle reads its settings itself).
const misleadingBuildLines = [/npm run preview/, /Generated an empty chunk: "?chunks\/env\.js/];

function withoutMisleadingBuildLines(): Plugin {
  let filtering = false;
  const quiet =
    (print: (...args: unknown[]) => void) =>
    (...args: unknown[]) => {
      const text = args.map(String).join(' ');
      if (!misleadingBuildLines.some((line) => line.test(text))) print(...args);
    };
  return {
    name: 'cercle:without-misleading-build-lines',
    apply: 'build',
    // Once for the whole build (this hook runs for each of its environments).
    buildStart() {
      if (filtering) return;
      filtering = true;
      console.log = quiet(console.log.bind(console));
      console.warn = quiet(console.warn.bind(console));
    },
  };
}

export default defineConfig({
  plugins: [withoutMisleadingBuildLines(), sveltekit()],
  build: {
    rolldownOptions: {
      // zod's sources carry a JSDoc comment that mentions `@__PURE__`; kept, it makes
      // adapter-node's Rollup print a warning that looks like an error at every build.
      output: {
        comments: { legal: true, annotation: true, jsdoc: false },
        // What ten pages or more share (Svelte's runtime, the layout's components, the i18n and
        // form helpers) goes in one chunk. Split by the exact set of pages using each piece, it
        // came in some forty small files, each gzipped on its own: the participant live view
        // fetched 5 KB more for the same code, and every page was as heavy or heavier.
        codeSplitting: { groups: [{ name: 'common', minShareCount: sharedByPages }] },
      },
      // The plugin timing note (on a loaded machine, "callbacks ran for 10 s") is not actionable.
      checks: { pluginTimings: false },
    },
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, ws: true },
    },
  },
});
