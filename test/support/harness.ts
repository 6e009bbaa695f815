/**
 * Test harness: a real app on a real database (SQLite in a temp dir, and PostgreSQL in a fresh schema when
 * TEST_POSTGRES_URL or a postgres DATABASE_URL is set), a small multi-agency world built through the
 * services, and an HTTP client that signs in like the browser does (cookie + CSRF header).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TRole } from '../../src/contract/common';
import type { TCaseCreate } from '../../src/contract/cases';
import { loadConfig, type Config } from '../../src/server/platform/config';
import { boot, type Booted } from '../../src/server/platform/bootstrap';
import { generateKeyringFile } from '../../src/server/platform/crypto/keyring';
import { buildApp } from '../../src/server/app';
import { newId, nowIso } from '../../src/server/platform/ids';
import { localDate } from '../../src/server/modules/timelines/calendar';
import { usersService } from '../../src/server/modules/users/users.service';
import type { Actor } from '../../src/server/platform/context';

export type Dialect = 'sqlite' | 'postgres';

export const POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ?? (process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined);

/** Every integration suite runs once per available database. */
export const DIALECTS: Dialect[] = POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export const PASSWORD = 'Test-password-2026!';

export type TestEnv = {
  p: Booted;
  app: FastifyInstance;
  config: Config;
  dir: string;
  orgs: { a: string; b: string; c: string };
  /** Stops the server and the database connection and starts them again on the same database. */
  restart: () => Promise<void>;
  close: () => Promise<void>;
};

export async function createTestEnv(dialect: Dialect, vars: Record<string, string> = {}): Promise<TestEnv> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opennrm-test-'));
  const keyringFile = path.join(dir, 'keyring.json');
  fs.writeFileSync(keyringFile, JSON.stringify(generateKeyringFile()));
  let schema: string | null = null;
  let databaseUrl: string | undefined;
  if (dialect === 'postgres') {
    schema = `t_${crypto.randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    const url = new URL(POSTGRES_URL!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
  }
  const config = loadConfig({
    OPENNRM_MODE: 'test',
    OPENNRM_DATA_DIR: dir,
    OPENNRM_KEYRING_FILE: keyringFile,
    OPENNRM_LOGIN_RATE_PER_MINUTE: '10000',
    LOG_LEVEL: 'silent',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...vars,
  });
  const p = await boot(config, () => undefined);
  const app = await buildApp(p, { logger: false, serveWeb: false });
  const now = nowIso();
  const orgs = { a: newId(), b: newId(), c: newId() };
  await p.db
    .insertInto('organisations')
    .values([
      { id: orgs.a, name: 'Association A (Casablanca)', type: 'ngo', region_code: 'MA-06', active: 1, version: 1, created_at: now, updated_at: now },
      { id: orgs.b, name: 'Police B (Tanger)', type: 'police', region_code: 'MA-01', active: 1, version: 1, created_at: now, updated_at: now },
      { id: orgs.c, name: 'Commission secretariat C', type: 'ministry', region_code: 'MA-04', active: 1, version: 1, created_at: now, updated_at: now },
    ])
    .execute();
  const env: TestEnv = {
    p,
    app,
    config,
    dir,
    orgs,
    restart: async () => {
      await env.app.close();
      await env.p.close();
      env.p = await boot(config, () => undefined);
      env.app = await buildApp(env.p, { logger: false, serveWeb: false });
    },
    close: async () => {
      await env.app.close();
      await env.p.close();
      if (schema) {
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect();
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
        await client.end();
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return env;
}

const SYSTEM: Actor = { userId: 'system', organisationId: '', displayName: 'test', roles: new Set(), language: 'fr', ip: null, system: true };

/** Creates a user through the service. `demo` users may skip the second factor (as demo accounts do). */
export async function createUser(env: TestEnv, orgId: string, roles: TRole[], options: { demo?: boolean; email?: string } = {}) {
  const email = options.email ?? `${roles[0]}-${crypto.randomBytes(4).toString('hex')}@test.opennrm`;
  return env.p.db.transaction().execute((trx) =>
    usersService.create(
      env.p,
      trx,
      SYSTEM,
      { email, displayName: `User ${roles.join('+')}`, organisationId: orgId, roles, language: 'fr', password: PASSWORD },
      { isDemo: options.demo ?? true, mustChangePassword: false },
    ),
  );
}

export type Client = {
  email: string;
  userId: string;
  csrf: string;
  request: (method: string, url: string, body?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;
  get: (url: string) => Promise<LightMyRequestResponse>;
  post: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  patch: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  put: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
};

export function clientFor(app: FastifyInstance, cookie: string, csrf: string, email = '', userId = ''): Client {
  const request = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { cookie, 'x-csrf-token': csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) } : {}),
    });
  return {
    email,
    userId,
    csrf,
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    patch: (url, body) => request('PATCH', url, body ?? {}),
    put: (url, body) => request('PUT', url, body ?? {}),
  };
}

export async function login(app: FastifyInstance, email: string, password = PASSWORD): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'opennrm_session')!;
  const body = res.json() as { csrfToken: string; user: { id: string } };
  return clientFor(app, `opennrm_session=${cookie.value}`, body.csrfToken, email, body.user.id);
}

/** Creates a user and signs them in. */
export async function userClient(env: TestEnv, orgId: string, roles: TRole[]): Promise<Client> {
  const u = await createUser(env, orgId, roles);
  return login(env.app, u.email);
}

export const anonymous = (app: FastifyInstance): Client => clientFor(app, '', '');

let counter = 0;
/** A valid registration body; override what the test is about. */
export function caseBody(overrides: Omit<Partial<TCaseCreate>, 'person'> & { person?: Partial<NonNullable<TCaseCreate['person']>> } = {}): TCaseCreate {
  counter += 1;
  const { person, ...rest } = overrides;
  return {
    person: {
      givenNames: 'Fatima Zahra',
      familyName: `Testname${counter}`,
      aliases: ['Zizi'],
      sex: 'female',
      dateOfBirth: '1999-03-14',
      nationalities: ['MA'],
      languages: ['ar', 'fr'],
      contacts: [{ kind: 'phone', value: '+212600000001' }],
      identityDocuments: [{ type: 'national_id', number: `AB${100000 + counter}`, issuingCountry: 'MA' }],
      vulnerabilities: ['health'],
      healthNotes: 'Needs follow-up for an injury.',
      ...person,
    },
    situationType: 'trafficking',
    exploitationForms: ['forced_labour', 'servitude'],
    places: [
      { kind: 'origin', country: 'MA', regionCode: 'MA-03' },
      { kind: 'exploitation', country: 'MA', regionCode: 'MA-06', provinceCode: 'MA-CAS' },
    ],
    identifiedOn: '2026-10-01',
    identificationChannel: 'ngo_outreach',
    story: 'Recruited with a false promise of work.',
    notes: 'Internal note.',
    ...rest,
  };
}

/** Grants organisation `orgId` access to a case, as an accepted referral will. */
export async function grant(env: TestEnv, caseId: string, orgId: string, categories: string[], extra: { revoked?: boolean; validUntil?: string } = {}) {
  await env.p.db
    .insertInto('case_grants')
    .values({
      id: newId(),
      case_id: caseId,
      organisation_id: orgId,
      categories: JSON.stringify(categories),
      source: 'test',
      source_id: null,
      reason: null,
      granted_by: 'test',
      valid_until: extra.validUntil ?? null,
      revoked_at: extra.revoked ? nowIso() : null,
      created_at: nowIso(),
    })
    .execute();
}

/**
 * A calendar day in the platform's time zone (Africa/Casablanca by default), `offset` days from now. Dates the
 * server checks ("not in the future", "not before…") are local days: a UTC date is a day behind between
 * midnight local and midnight UTC, and tests built on it failed at that hour.
 */
export function localDay(offset = 0): string {
  return localDate(new Date(Date.now() + offset * 86_400_000), process.env.OPENNRM_TIMEZONE ?? 'Africa/Casablanca');
}
