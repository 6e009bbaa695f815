/**
 * `npm run bench:web`: what the web app costs a user on a slow connection. Builds the app, starts the server on
 * an empty demo database, and loads the sign-in page and (signed in) the case list in Debian's Chromium, cold
 * cache, on Chrome DevTools' "Fast 3G" profile (562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s up) and
 * unthrottled. Records per page the bytes moved (as encoded on the wire), the requests, and the time until
 * the sign-in form / the first case row is visible; and, for the entry script, its raw, gzip and brotli sizes.
 * Writes bench/results/web-latest.md and web-latest.json. Goals (issue 18): sign-in JS <= 150 KB gzip, the
 * sign-in form visible in <= 3 s on Fast 3G.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../src/server/seed/seed';

const PORT = Number(process.env.BENCH_WEB_PORT ?? 8484);
const BASE = `http://127.0.0.1:${PORT}`;
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: (1.44 * 1024 * 1024) / 8, uploadThroughput: (675 * 1024) / 8 };

if (spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' }).status !== 0) throw new Error('web build failed');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opennrm-bench-web-'));
const server = spawn('npx', ['tsx', 'src/server/main.ts', 'serve'], {
  stdio: 'ignore',
  detached: true,
  env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', OPENNRM_DATA_DIR: dataDir, OPENNRM_SEED_CASES: '80', LOG_LEVEL: 'warn', OPENNRM_LOGIN_RATE_PER_MINUTE: '1000' },
});
const stop = () => { try { process.kill(-server.pid!, 'SIGTERM'); } catch { /* gone */ } };
process.on('exit', stop);
for (let i = 0; ; i++) {
  try { if ((await fetch(`${BASE}/readyz`)).ok) break; } catch { /* not yet */ }
  if (i > 240) throw new Error('the server did not start');
  await new Promise((r) => setTimeout(r, 500));
}

type Load = { page: string; profile: string; bytes: number; requests: number; visibleMs: number };

async function measure(profile: 'fast3g' | 'none', target: 'sign-in' | 'case list'): Promise<Load> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] });
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (target === 'case list') await signIn(page);
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => { bytes += e.encodedDataLength; requests += 1; });
  if (profile === 'fast3g') await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  const t0 = performance.now();
  await page.goto(target === 'sign-in' ? '/login' : '/', { waitUntil: 'commit' });
  await page.getByTestId(target === 'sign-in' ? 'login-submit' : 'case-row').first().waitFor({ state: 'visible', timeout: 120_000 });
  const visibleMs = performance.now() - t0;
  await page.waitForLoadState('networkidle');
  await browser.close();
  return { page: target, profile, bytes, requests, visibleMs };
}

async function signIn(page: Page) {
  await page.goto(`${BASE}/login`);
  await page.getByTestId('login-email').fill('association@opennrm.demo');
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-name').first().waitFor();
}

const loads: Load[] = [];
try {
  for (const target of ['sign-in', 'case list'] as const) for (const profile of ['none', 'fast3g'] as const) {
    const l = await measure(profile, target);
    console.log(l);
    loads.push(l);
  }
} finally {
  stop();
}
fs.rmSync(dataDir, { recursive: true, force: true });

// The sign-in page's scripts (entry and its preloads), by encoding.
const html = fs.readFileSync('dist/web/index.html', 'utf8');
const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
const js = scripts.reduce((a, s) => ({ raw: a.raw + size(`dist/web${s}`), gzip: a.gzip + (size(`dist/web${s}.gz`) || size(`dist/web${s}`)), br: a.br + (size(`dist/web${s}.br`) || size(`dist/web${s}`)) }), { raw: 0, gzip: 0, br: 0 });
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
const date = new Date().toISOString();
fs.writeFileSync('bench/results/web-latest.json', JSON.stringify({ date, loads, signInScripts: { files: scripts.length, ...js } }, null, 2) + '\n');
const md = `# Web app on a slow connection (${date.slice(0, 10)})

\`npm run bench:web\`: Chromium, cold cache, Chrome DevTools' "Fast 3G" profile (562.5 ms latency, 1.44 Mbit/s down)
and unthrottled; ${os.cpus().length} cores, node ${process.version}. Bytes as encoded on the wire (compressed).

| page | network | moved | requests | visible after |
|---|---|---|---|---|
${loads.map((l) => `| ${l.page} | ${l.profile === 'fast3g' ? 'Fast 3G' : 'unthrottled'} | ${kb(l.bytes)} | ${l.requests} | ${(l.visibleMs / 1000).toFixed(2)} s |`).join('\n')}

Sign-in page scripts (${scripts.length} files): ${kb(js.raw)} raw, ${kb(js.gzip)} gzip, ${kb(js.br)} brotli (goal: 150 KB gzip).
Goal for the sign-in form on Fast 3G: 3 s.
`;
fs.writeFileSync('bench/results/web-latest.md', md);
console.log(md);
process.exit(0);
