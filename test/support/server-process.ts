/**
 * The real server as a child process (`opennrm serve` through tsx, one process: killing its pid kills the
 * server), its command line, free ports, and a small HTTP client on global fetch (undici, keep-alive) that signs
 * in like the browser does. Every child is registered and killed when the test process exits, however it exits;
 * the child also exits by itself when its parent disappears (test/support/exit-with-parent.mjs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WATCHDOG = path.join(ROOT, 'test/support/exit-with-parent.mjs');

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** A port nobody listens on right now (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Only what the server needs: no TEST_POSTGRES_URL, DATABASE_URL or OPENNRM_* of the test process leaks in. */
function childEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TMPDIR: process.env.TMPDIR ?? '', NODE_ENV: 'test', ...vars };
}

function cliArgs(args: string[]) {
  return ['--import', 'tsx', '--import', WATCHDOG, 'src/server/main.ts', ...args];
}

export type ServerProcess = {
  url: string;
  pid: number;
  /** stdout + stderr so far (the last 64 KB). */
  output: () => string;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: (signal: NodeJS.Signals) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (the server's graceful stop), SIGKILL if it has not exited after `graceMs`. */
  stop: (graceMs?: number) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/** Starts `opennrm serve` and waits until /readyz answers 200 (the database is open and migrated). */
export async function startServer(vars: Record<string, string>, options: { readyTimeoutMs?: number } = {}): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, cliArgs(['serve']), {
    cwd: ROOT,
    env: childEnv({ ...vars, PORT: String(port), HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  const append = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-65_536);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  let gone = false;
  void exited.then(() => (gone = true));
  const kill = async (signal: NodeJS.Signals) => {
    if (!gone) child.kill(signal);
    return exited;
  };
  const server: ServerProcess = {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => out,
    exited,
    kill,
    stop: async (graceMs = 15_000) => {
      if (gone) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  for (;;) {
    if (gone) throw new Error(`server exited before it was ready: ${JSON.stringify(await exited)}\n${out}`);
    if (Date.now() > deadline) {
      await kill('SIGKILL');
      throw new Error(`server not ready after ${options.readyTimeoutMs ?? 90_000} ms\n${out}`);
    }
    try {
      const res = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return server;
      await res.arrayBuffer();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs an `opennrm` command to its end (e.g. `audit verify`). */
export function runCli(args: string[], vars: Record<string, string>, timeoutMs = 120_000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, cliArgs(args), { cwd: ROOT, env: childEnv(vars), stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      resolve({ code, out: signal ? `${out}\n(killed by ${signal})` : out });
    });
  });
}

/** Children still running (for an afterAll that wants to be sure). */
export async function killAllServers(): Promise<void> {
  const waits = [...live].map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  }));
  await Promise.all(waits);
}

export type HttpResult = { status: number; body: unknown };

/** A signed-in user over real HTTP: the session cookie and the CSRF header on unsafe requests. */
export type HttpClient = {
  email: string;
  request: (baseUrl: string, method: string, url: string, body?: unknown, timeoutMs?: number) => Promise<HttpResult>;
};

export async function httpLogin(baseUrl: string, email: string, password: string): Promise<HttpClient> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${text}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('opennrm_session='));
  if (!cookie) throw new Error(`login ${email}: no session cookie`);
  const { csrfToken } = JSON.parse(text) as { csrfToken: string };
  return {
    email,
    request: async (base, method, url, body, timeoutMs = 30_000) => {
      const r = await fetch(`${base}${url}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const t = await r.text();
      let parsed: unknown = t;
      try {
        parsed = t ? JSON.parse(t) : null;
      } catch {
        // not JSON: kept as text
      }
      return { status: r.status, body: parsed };
    },
  };
}
