#!/usr/bin/env node
// `npm start`: builds the web app (Vite), then runs the server (`opennrm serve`) in this same process, so that
// SIGTERM or SIGINT sent to `npm start` (npm forwards both to this process) or by a process manager reaches
// the server, which then stops cleanly (src/server/main.ts). A signal during the build stops the build.
// OPENNRM_SKIP_WEB_BUILD=1 skips the build when dist/web/index.html exists (tests, quick restarts).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const builtIndex = path.join(root, 'dist', 'web', 'index.html');

function buildWeb() {
  const require = createRequire(import.meta.url);
  const viteBin = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    let stopped = false;
    const forward = (signal) => {
      stopped = true;
      child.kill(signal);
    };
    process.on('SIGTERM', forward);
    process.on('SIGINT', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGTERM', forward);
      process.off('SIGINT', forward);
      if (stopped) {
        console.log('Stopped during the web build.');
        process.exit(0);
      }
      if (code !== 0) {
        console.error(`The web build failed (${signal ?? `exit ${code}`}).`);
        process.exit(1);
      }
      resolve();
    });
  });
}

if (process.env.OPENNRM_SKIP_WEB_BUILD === '1' && fs.existsSync(builtIndex)) {
  console.log('Web build skipped (OPENNRM_SKIP_WEB_BUILD=1, dist/web exists).');
} else {
  await buildWeb();
}

// The TypeScript server through tsx's loader, in this process: `opennrm serve`.
await import('tsx');
const main = path.join(root, 'src', 'server', 'main.ts');
process.argv = [process.argv[0], main, 'serve'];
await import(pathToFileURL(main).href);
