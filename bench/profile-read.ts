/**
 * Where an authenticated case read spends its time: seeds BENCH_CASES (default 2,000) cases on SQLite, then
 * loads GET /api/v1/cases/:id for PROFILE_SECONDS (default 5) with 10 connections. Run it under
 * `node --cpu-prof --import tsx bench/profile-read.ts` to get a CPU profile of the server side.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../src/server/platform/config';
import { boot } from '../src/server/platform/bootstrap';
import { buildApp } from '../src/server/app';
import { DEMO_PASSWORD, seedCases, seedDemoConfiguration } from '../src/server/seed/seed';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opennrm-profile-'));
const p = await boot(loadConfig({ ...process.env, OPENNRM_DATA_DIR: dir, OPENNRM_MODE: 'test', LOG_LEVEL: 'silent', DATABASE_URL: process.env.PROFILE_DATABASE_URL ?? '', OPENNRM_LOGIN_RATE_PER_MINUTE: '10000' }), () => undefined);
await seedDemoConfiguration(p);
await seedCases(p, { count: Number(process.env.BENCH_CASES ?? 2000) });
const app = await buildApp(p, { logger: false, serveWeb: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'association@opennrm.demo', password: DEMO_PASSWORD } });
const cookie = `opennrm_session=${login.cookies.find((c) => c.name === 'opennrm_session')!.value}`;
const id = (await app.inject({ method: 'GET', url: '/api/v1/cases?limit=1', headers: { cookie } })).json().items[0].id as string;
const r = await autocannon({ url: `${base}/api/v1/cases/${id}`, headers: { cookie }, connections: 10, duration: Number(process.env.PROFILE_SECONDS ?? 5) });
console.log(`${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, non-2xx ${r.non2xx}`);
await app.close();
await p.close();
fs.rmSync(dir, { recursive: true, force: true });
