#!/usr/bin/env node
// `npm test`: typecheck, lint, unit + integration (SQLite always, PostgreSQL when TEST_POSTGRES_URL or a
// postgres DATABASE_URL is set), web build, browser tests. Ends with one line: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const results = [];
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status === 0;
const step = (name, ok) => {
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
  console.log(`\n== ${name}: ${ok ? 'ok' : 'FAILED'}\n`);
};

fs.mkdirSync('test-results', { recursive: true });
if (!process.env.TEST_POSTGRES_URL && !(process.env.DATABASE_URL ?? '').startsWith('postgres')) {
  console.log('note: TEST_POSTGRES_URL is not set, so integration tests run on SQLite only (CI sets it).');
}

step('typecheck', run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']));
step('lint', run('npx', ['eslint', '--max-warnings', '0', '.']));

const vitestJson = 'test-results/vitest.json';
fs.rmSync(vitestJson, { force: true });
const vitestOk = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (fs.existsSync(vitestJson)) {
  const r = JSON.parse(fs.readFileSync(vitestJson, 'utf8'));
  const failedSuites = (r.testResults ?? []).filter((t) => t.status === 'failed' && (t.assertionResults ?? []).length === 0).length;
  const failed = r.numFailedTests + failedSuites;
  // A suite that fails in its setup may leave no failed test behind: vitest's exit code still tells.
  results.push({ name: 'unit + integration', passed: r.numPassedTests, failed: failed === 0 && !vitestOk ? 1 : failed });
} else results.push({ name: 'unit + integration', passed: 0, failed: 1 });

const built = run('npx', ['vite', 'build', '--logLevel', 'warn']);
step('web build', built);
if (built) {
  const e2eJson = 'test-results/e2e.json';
  fs.rmSync(e2eJson, { force: true });
  const ok = run('node', ['scripts/e2e.mjs'], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson });
  if (fs.existsSync(e2eJson)) {
    const s = JSON.parse(fs.readFileSync(e2eJson, 'utf8')).stats ?? {};
    results.push({ name: 'browser', passed: s.expected ?? 0, failed: (s.unexpected ?? 0) + (s.flaky ?? 0) + (ok || s.unexpected ? 0 : 1) });
  } else results.push({ name: 'browser', passed: 0, failed: 1 });
}

console.log('\nSummary');
for (const r of results) console.log(`  ${r.name.padEnd(20)} ${r.passed} passed, ${r.failed} failed`);
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
