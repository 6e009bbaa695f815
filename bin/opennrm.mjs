#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (a runtime dependency), so `npx opennrm ...` works from a checkout.
// Signals are passed on, so `kill <pid>` (or a process manager) stops `npx opennrm serve` cleanly.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
const main = fileURLToPath(new URL('../src/server/main.ts', import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', main, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
