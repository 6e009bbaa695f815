/**
 * Who may grant what (users.policy.ts GRANTABLE_BY), for every pair granting role × granted role, on create and on
 * update: a system administrator grants every role; an organisation administrator the organisation-level roles,
 * in their own organisation; nobody else anything. Plus: nothing is written when a grant is refused, and a user
 * holding a role the administrator could not grant is out of their reach (edit, deactivate, password reset).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type TRole } from '../../src/contract/common';
import { DIALECTS, createTestEnv, createUser, userClient, type Client, type TestEnv } from '../support/harness';

const ORGANISATION_LEVEL: TRole[] = ['first_responder', 'case_worker', 'case_supervisor', 'service_provider', 'justice_liaison', 'org_admin'];
const NATIONAL: TRole[] = ['dpo', 'commission_analyst', 'system_admin'];

/** The expected table, written out independently of the code under test. */
function mayGrant(granter: TRole, granted: TRole): boolean {
  if (granter === 'system_admin') return true;
  if (granter === 'org_admin') return ORGANISATION_LEVEL.includes(granted);
  return false;
}

const temporaryPassword = 'Temporary-pass-2026!';

for (const dialect of DIALECTS) {
  describe(`role grants, every pair [${dialect}]`, () => {
    let env: TestEnv;
    const actors = {} as Record<TRole, Client>;
    /** One user of organisation A per granting role, whose roles each update below tries to change. */
    const targets = {} as Record<TRole, string>;
    let seq = 0;

    const rolesOf = async (id: string) => JSON.parse((await env.p.db.selectFrom('users').select('roles').where('id', '=', id).executeTakeFirstOrThrow()).roles) as TRole[];
    const versionOf = async (id: string) => (await env.p.db.selectFrom('users').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      for (const role of ROLES) {
        actors[role] = await userClient(env, env.orgs.a, [role]);
        targets[role] = (await createUser(env, env.orgs.a, ['case_worker'])).id;
      }
    });
    afterAll(() => env.close());

    for (const granter of ROLES) {
      for (const granted of ROLES) {
        const allowed = mayGrant(granter, granted);

        it(`${granter} creates a ${granted} → ${allowed ? 201 : 403}`, async () => {
          seq += 1;
          const email = `grant-${seq}-${granted}@test.opennrm`;
          const res = await actors[granter].post('/api/v1/users', { email, displayName: 'New colleague', organisationId: env.orgs.a, roles: [granted], password: temporaryPassword });
          expect(res.statusCode).toBe(allowed ? 201 : 403);
          const row = await env.p.db.selectFrom('users').select(['roles', 'organisation_id']).where('email', '=', email).executeTakeFirst();
          if (allowed) {
            expect(res.json().roles).toEqual([granted]);
            expect(row && JSON.parse(row.roles)).toEqual([granted]);
          } else {
            expect(res.json().error.code).toBe('FORBIDDEN');
            // Nothing partly written: no user row, no audit entry of a creation.
            expect(row).toBeUndefined();
          }
        });

        it(`${granter} gives a user the ${granted} role → ${allowed ? 200 : 403}`, async () => {
          const id = targets[granter];
          const before = await rolesOf(id);
          const res = await actors[granter].patch(`/api/v1/users/${id}`, { version: await versionOf(id), roles: [granted] });
          expect(res.statusCode).toBe(allowed ? 200 : 403);
          expect(await rolesOf(id)).toEqual(allowed ? [granted] : before);
        });
      }
    }

    it('an organisation administrator creates nobody in another organisation, a system administrator may', async () => {
      const other = await actors.org_admin.post('/api/v1/users', { email: 'elsewhere@test.opennrm', displayName: 'Elsewhere', organisationId: env.orgs.b, roles: ['case_worker'], password: temporaryPassword });
      expect(other.statusCode).toBe(400);
      expect(other.json().error.details.fields[0].code).toBe('other_organisation');
      const sys = await actors.system_admin.post('/api/v1/users', { email: 'elsewhere2@test.opennrm', displayName: 'Elsewhere', organisationId: env.orgs.b, roles: ['org_admin'], password: temporaryPassword });
      expect(sys.statusCode).toBe(201);
    });

    it('a national role among allowed ones is refused as a whole, and the user does not exist afterwards', async () => {
      for (const national of NATIONAL) {
        const email = `mixed-${national}@test.opennrm`;
        const res = await actors.org_admin.post('/api/v1/users', { email, displayName: 'Mixed roles', organisationId: env.orgs.a, roles: ['case_worker', national], password: temporaryPassword });
        expect(res.statusCode).toBe(403);
        expect(await env.p.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();
        const audit = await env.p.db.selectFrom('audit_log').select('details').where('action', '=', 'user.create').execute();
        expect(audit.some((a) => a.details.includes(email))).toBe(false);
      }
      // Nor by adding a national role to an existing colleague.
      const u = await createUser(env, env.orgs.a, ['case_worker']);
      const res = await actors.org_admin.patch(`/api/v1/users/${u.id}`, { version: u.version, roles: ['case_worker', 'dpo'] });
      expect(res.statusCode).toBe(403);
      expect(await rolesOf(u.id)).toEqual(['case_worker']);
    });

    it('an organisation administrator cannot edit, deactivate or reset the password of a user holding a national role', async () => {
      for (const national of NATIONAL) {
        const u = await createUser(env, env.orgs.a, [national]);
        const edit = await actors.org_admin.patch(`/api/v1/users/${u.id}`, { version: u.version, displayName: 'Renamed' });
        expect(edit.statusCode, `edit ${national}`).toBe(403);
        const deactivate = await actors.org_admin.patch(`/api/v1/users/${u.id}`, { version: u.version, active: false });
        expect(deactivate.statusCode, `deactivate ${national}`).toBe(403);
        const reset = await actors.org_admin.post(`/api/v1/users/${u.id}/password-reset`, { version: u.version, password: temporaryPassword });
        expect(reset.statusCode, `reset ${national}`).toBe(403);
        const row = await env.p.db.selectFrom('users').select(['display_name', 'active', 'version', 'must_change_password']).where('id', '=', u.id).executeTakeFirstOrThrow();
        expect(row).toMatchObject({ display_name: u.displayName, active: 1, version: u.version, must_change_password: 0 });
        // A system administrator may.
        expect((await actors.system_admin.patch(`/api/v1/users/${u.id}`, { version: u.version, displayName: 'Renamed' })).statusCode).toBe(200);
      }
      // The same administrator manages an organisation-level colleague (so the refusals above are about the role).
      const colleague = await createUser(env, env.orgs.a, ['case_supervisor', 'org_admin']);
      const edit = await actors.org_admin.patch(`/api/v1/users/${colleague.id}`, { version: colleague.version, displayName: 'Renamed' });
      expect(edit.statusCode).toBe(200);
      const reset = await actors.org_admin.post(`/api/v1/users/${colleague.id}/password-reset`, { version: edit.json().version, password: temporaryPassword });
      expect(reset.statusCode).toBe(200);
      const deactivate = await actors.org_admin.patch(`/api/v1/users/${colleague.id}`, { version: reset.json().version, active: false });
      expect(deactivate.statusCode).toBe(200);
    });
  });
}
