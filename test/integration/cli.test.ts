/** The `opennrm` command line, run as a real process on SQLite (the embedded default). */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opennrm-cli-'));
const cli = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', OPENNRM_DATA_DIR: dir, ...env },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout + r.stderr };
};

describe('opennrm CLI', () => {
  beforeAll(() => {
    const r = cli(['seed', '--cases', '30']);
    expect(r.code, r.out).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('validates its configuration with clear messages', () => {
    const r = cli(['migrate'], { PORT: 'eighty' });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Invalid configuration[\s\S]*PORT/);
    const prod = cli(['migrate'], { OPENNRM_MODE: 'production' });
    expect(prod.code).toBe(1);
    expect(prod.out).toMatch(/OPENNRM_KEYRING/);
  });

  it('refuses to start in production mode with demo accounts', () => {
    const r = cli(['migrate'], { OPENNRM_MODE: 'production', OPENNRM_KEYRING_FILE: path.join(dir, 'keyring.json') });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/demo accounts/);
  });

  it('recounts the statistics from the records after a change made outside the application', () => {
    const db = new SQLite(path.join(dir, 'opennrm.db'));
    const victims = () => Number((db.prepare("SELECT COALESCE(SUM(n), 0) AS n FROM statistics_counts WHERE dim = 'total'").get() as { n: number }).n);
    const counted = victims();
    expect(counted).toBeGreaterThan(0);
    const statuses = db.prepare('SELECT id, identification_status AS s FROM cases').all() as { id: string; s: string }[];
    const anonymous = Number((db.prepare('SELECT COUNT(*) AS n FROM anonymous_notifications').get() as { n: number }).n);
    // Every case made a non-victim behind the application's back: the counts do not know yet.
    db.prepare("UPDATE cases SET identification_status = 'not_victim'").run();
    expect(victims()).toBe(counted);
    db.close();
    const r = cli(['statistics', 'rebuild']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(new RegExp(`Statistics recounted: ${anonymous} victim records`));
    const after = new SQLite(path.join(dir, 'opennrm.db'));
    expect(Number((after.prepare("SELECT COALESCE(SUM(n), 0) AS n FROM statistics_counts WHERE dim = 'total'").get() as { n: number }).n)).toBe(anonymous);
    const restore = after.prepare('UPDATE cases SET identification_status = ? WHERE id = ?');
    for (const c of statuses) restore.run(c.s, c.id);
    after.close();
    expect(cli(['statistics', 'rebuild']).out).toMatch(new RegExp(`Statistics recounted: ${counted} victim records`));
  });

  it('verifies the audit chain, detects tampering, and restores a backup', () => {
    expect(cli(['audit', 'verify']).out).toMatch(/Audit chain intact/);
    const backup = path.join(dir, 'backup.db');
    const b = cli(['backup', '--out', backup]);
    expect(b.code, b.out).toBe(0);
    expect(fs.existsSync(backup)).toBe(true);

    const db = new SQLite(path.join(dir, 'opennrm.db'));
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET action = 'case.read' WHERE seq = 2").run();
    db.close();
    const broken = cli(['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/BROKEN at entry 2/);

    const restored = cli(['restore', backup]);
    expect(restored.code, restored.out).toBe(0);
    expect(restored.out).toMatch(/Audit chain intact/);
  });

  it('rotates keys and everything still decrypts', () => {
    const r = cli(['keys', 'rotate']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/0 remain under old keys/);
    const again = cli(['seed', '--cases', '5']);
    expect(again.code, again.out).toBe(0);
  });

  it('creates a user with a one-time temporary password', () => {
    const r = cli(['user', 'create', '--email', 'Chief@Example.ma', '--name', 'Chief Admin', '--organisation', "Cour d'appel de Marrakech", '--roles', 'system_admin']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/Created chief@example\.ma \(system_admin\)/);
    expect(r.out).toMatch(/Temporary password/);
    const bad = cli(['user', 'create', '--email', 'x@example.ma', '--name', 'X', '--organisation', 'Nowhere', '--roles', 'case_worker']);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/no organisation/);
  });
});
