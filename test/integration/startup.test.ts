/**
 * `npm start` as README says (a real npm process, SQLite in a temporary OPENNRM_DATA_DIR, a free PORT): it
 * answers /readyz and serves the web app; SIGTERM, then SIGINT, sent to that npm process alone stop it within a
 * few seconds: a request in flight still gets its answer, the port is closed, no process of it is left, and
 * the SQLite database was closed cleanly (no -wal file left, integrity check ok, audit chain intact).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opennrm-startup-'));
const dbFile = path.join(dir, 'opennrm.db');
const started: ChildProcess[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A process group is gone when signal 0 to it fails. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function get(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/** Starts a sign-in whose body is sent in two parts: the request is in flight until `finish()` sends the rest. */
function slowSignIn(port: number) {
  const body = JSON.stringify({ email: 'association@opennrm.demo', password: 'Demo-OpenNRM-2026' });
  const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/auth/login', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
  const response = new Promise<{ status: number }>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
  });
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  req.flushHeaders();
  return { response, finish: () => req.end(body.slice(half)) };
}

async function startServer(port: number, env: Record<string, string> = {}) {
  const child = spawn('npm', ['start'], {
    cwd: root,
    detached: true, // its own process group, to see that nothing of it is left (and to clean up if a test fails)
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.homedir(), OPENNRM_DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', OPENNRM_SEED_CASES: '5', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) throw new Error(`no /readyz within 90 s:\n${out}`);
    const ready = await get(port, '/readyz').catch(() => null);
    if (ready?.status === 200) break;
    await sleep(200);
  }
  return { child, exited, output: () => out };
}

async function expectStopped(signal: 'SIGTERM' | 'SIGINT', env: Record<string, string> = {}) {
  const port = await freePort();
  const server = await startServer(port, env);
  const home = await get(port, '/');
  expect(home.status).toBe(200);
  expect(home.body).toContain('<div id="root">');
  const openapi = await get(port, '/api/docs/json'); // the address README gives for the OpenAPI document
  expect(openapi.status).toBe(200);
  expect((JSON.parse(openapi.body) as { openapi: string }).openapi).toMatch(/^3\.1/);

  const inFlight = slowSignIn(port);
  await sleep(300); // the request's headers have reached the server
  const signalledAt = Date.now();
  server.child.kill(signal); // to the npm process only, as a user or a process manager would
  await sleep(300);
  inFlight.finish();
  expect((await inFlight.response).status, server.output()).toBe(200);

  const exit = await Promise.race([server.exited, sleep(10_000).then(() => null)]);
  expect(exit, `npm start still running 10 s after ${signal}:\n${server.output()}`).not.toBeNull();
  expect(exit, server.output()).toEqual({ code: 0, signal: null });
  expect(Date.now() - signalledAt).toBeLessThan(10_000);
  expect(await portOpen(port)).toBe(false);
  // The group's last processes go a moment after npm itself; on a loaded machine that moment can pass 200 ms.
  for (let i = 0; i < 20 && groupAlive(server.child.pid!); i++) await sleep(100);
  expect(groupAlive(server.child.pid!), 'a process of `npm start` is still running 2 s after npm exited').toBe(false);
  expect(server.output()).toContain(`${signal}: stopping OpenNRM`);
  expect(server.output()).toContain('OpenNRM stopped.');

  // Closed cleanly: the last connection's close checkpointed the WAL and removed it.
  expect(fs.existsSync(`${dbFile}-wal`)).toBe(false);
  const db = new SQLite(dbFile, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
  const verify = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts', 'audit', 'verify'], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.homedir(), OPENNRM_DATA_DIR: dir },
    timeout: 60_000,
  });
  expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  expect(verify.stdout).toMatch(/Audit chain intact/);
  return server.output();
}

describe('npm start', () => {
  afterAll(() => {
    for (const c of started) if (c.pid && groupAlive(c.pid)) process.kill(-c.pid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops cleanly on SIGTERM: the request in flight answered, the port closed, the database closed', async () => {
    // As README says: the web app is built, the demo data created on first start, the accounts printed.
    const out = await expectStopped('SIGTERM');
    expect(out).toContain('First start: creating demo data');
    expect(out).toContain('Demo accounts');
    // The accounts printed are README's table, in the same order, with the same roles.
    const printed = [...out.matchAll(/^ {2}(\S+@opennrm\.demo) +(.+)$/gm)].map((m) => `${m[1]} | ${m[2]!.trim()}`);
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const listed = [...readme.matchAll(/^\| `(\S+@opennrm\.demo)` \| ([^|]+) \|/gm)].map((m) => `${m[1]} | ${m[2]!.trim()}`);
    expect(printed.length).toBeGreaterThan(0);
    expect(printed).toEqual(listed);
  }, 120_000);

  it('stops cleanly on SIGINT (Ctrl-C), on the existing data, the web build skipped', async () => {
    const out = await expectStopped('SIGINT', { OPENNRM_SKIP_WEB_BUILD: '1' });
    expect(out).toContain('Web build skipped');
    expect(out).not.toContain('First start');
  }, 120_000);
});
