import { fileURLToPath } from 'node:url';
import tailwindcss from 'tailwindcss';
import { defineConfig, type UserConfig } from 'vite';
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
  plugins: [precompress()],
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
