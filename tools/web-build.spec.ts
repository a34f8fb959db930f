import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The web client is built for production whatever NODE_ENV the caller has: a server started
 * with NODE_ENV=development (or a CI step with NODE_ENV=test) used to serve React's development
 * build (600 KB, StrictMode's double requests). React's production build says "Minified React
 * error" where the development one spells its messages out.
 */
describe('The web client build', () => {
  it('is React’s production build even when NODE_ENV=development', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'web-build-'));
    try {
      const vite = join(__dirname, '..', 'node_modules', 'vite', 'bin', 'vite.js');
      const config = join(__dirname, '..', 'apps', 'web', 'vite.config.mts');
      const built = spawnSync(
        process.execPath,
        [
          vite,
          'build',
          '--config',
          config,
          '--logLevel',
          'error',
          '--outDir',
          outDir,
          '--emptyOutDir',
        ],
        { env: { ...process.env, NODE_ENV: 'development' }, encoding: 'utf8', timeout: 120_000 },
      );
      expect(built.status).toBe(0);
      const assets = join(outDir, 'assets');
      const code = readdirSync(assets)
        .filter((file) => file.endsWith('.js'))
        .map((file) => readFileSync(join(assets, file), 'utf8'))
        .join('\n');
      // Booleans, so a failure names the marker instead of printing the whole bundle.
      const production = code.includes('Minified React error');
      const development = code.includes('Maximum update depth exceeded');
      expect({ production, development }).toEqual({ production: true, development: false });
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 150_000);
});
