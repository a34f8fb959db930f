import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import tailwindcss from 'tailwindcss';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './precompress.mts';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The theme's colours, each a CSS variable of src/styles.css (light or dark by the system). */
const TOKENS = [
  'surface',
  'canvas',
  'bubble',
  'subtle',
  'subtle-strong',
  'line',
  'line-strong',
  'ink',
  'ink-soft',
  'muted',
  'link',
  'accent-soft',
  'selected',
  'selected-ink',
  'danger',
  'danger-soft',
  'danger-ink',
  'warn-soft',
  'warn-ink',
  'mark',
  'focus',
] as const;
const colors = Object.fromEntries(
  TOKENS.map((name) => [name, `rgb(var(--${name}) / <alpha-value>)`]),
);
const backend = process.env.API_URL || 'http://127.0.0.1:3000';

/**
 * The service worker has a tsconfig of its own (a worker has no DOM, and the two libraries
 * cannot share one program); `tsc -p tsconfig.json` in `build:web` does not reach it, so the
 * build checks it here and stops on an error, as it would for the page.
 */
function typeCheckServiceWorker(): Plugin {
  return {
    name: 'chat:type-check-sw',
    apply: 'build',
    buildStart() {
      const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
      const project = `${root}src/sw/tsconfig.json`;
      const run = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], {
        stdio: 'inherit',
      });
      if (run.status !== 0) throw new Error('The service worker does not type-check (see above)');
    },
  };
}

/**
 * The service worker (src/sw/sw.ts, built to /sw.js): our own code, into which the build writes
 * the list of files to precache (Workbox's injectManifest). The manifest is the static
 * public/manifest.webmanifest, linked from index.html, and the page registers the worker itself
 * (src/offline/app-updates.ts), so the plugin injects neither.
 */
const serviceWorker = VitePWA({
  strategies: 'injectManifest',
  srcDir: 'src/sw',
  filename: 'sw.ts',
  manifest: false,
  injectRegister: false,
  injectManifest: {
    // The app shell: everything the page loads, lazily loaded parts included, and the icons.
    // Not the source maps, nor the .br and .gz copies (the server picks those itself).
    globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
    globIgnores: ['sw.js', 'not-built.html'],
  },
  integration: {
    // The worker's own build: as quiet as the page's, and in Rolldown's words for "one file"
    // (the plugin's `inlineDynamicImports` draws a deprecation warning on every build).
    configureCustomSWViteBuild(options) {
      options.logLevel = 'warn';
      const output = options.build?.rollupOptions?.output;
      if (output && !Array.isArray(output) && output.inlineDynamicImports) {
        delete output.inlineDynamicImports;
        output.codeSplitting = false;
      }
    },
  },
});

/**
 * The web client. `npm run build:web` writes apps/web/dist, which the backend serves at `/`;
 * `npm run dev:web` serves it with hot reload on :5173 and proxies the API and Socket.IO to the
 * backend (API_URL, default http://127.0.0.1:3000), so everything stays one origin.
 */
export default defineConfig(({ command }) => {
  // A build is always for production, whatever NODE_ENV the caller has (a server started with
  // NODE_ENV=development or test used to get React's development build: 598 KB, StrictMode's
  // double requests). Vite picks packages' development or production exports by NODE_ENV, so it
  // is set here, before Vite reads it; `dev:web` keeps development.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return config;
});

const config = {
  root,
  resolve: {
    alias: {
      '@app/contracts': fileURLToPath(new URL('../../libs/contracts/src', import.meta.url)),
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [typeCheckServiceWorker(), precompress(), serviceWorker],
  css: {
    postcss: {
      plugins: [
        tailwindcss({
          content: [`${root}index.html`, `${root}src/**/*.{ts,tsx}`],
          theme: { extend: { colors } },
        }),
      ],
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      // The bundler reports when plugins take most of a build's time: here Tailwind's CSS and the
      // precompression (brotli at quality 10, about a second, once per build) always do.
      checks: { bundlerTimings: false },
      // React Query marks modules "use client" for server components; meaningless in this bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': backend,
      '/socket.io': { target: backend, ws: true },
    },
  },
} satisfies UserConfig;
