/** Property tests over the contract: whatever a client sends, the answer is a clear 4xx and nothing is written. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, caseBody, createTestEnv, userClient, type Client, type TestEnv } from '../support/harness';

const count = async (env: TestEnv) => {
  const n = async (t: 'cases' | 'persons' | 'attachments') => Number((await env.p.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return [await n('cases'), await n('persons'), await n('attachments')];
};

for (const dialect of DIALECTS) {
  describe(`malformed requests [${dialect}]`, () => {
    let env: TestEnv;
    let worker: Client;
    beforeAll(async () => {
      env = await createTestEnv(dialect, { OPENNRM_BODY_LIMIT_BYTES: '65536' });
      worker = await userClient(env, env.orgs.a, ['case_worker']);
    });
    afterAll(() => env.close());

    it('mutated registrations get a 4xx with the error shape and write nothing', async () => {
      const valid = caseBody() as unknown as Record<string, unknown>;
      const before = await count(env);
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            key: fc.constantFrom(...Object.keys(valid), 'extra', 'person'),
            value: fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string())),
          }),
          async ({ key, value }) => {
            const body = { ...valid, [key]: value };
            if (key === 'person' && typeof value === 'object' && value !== null && !Array.isArray(value)) return; // may be valid-looking
            const res = await worker.post('/api/v1/cases', body);
            if (res.statusCode === 201) {
              // The mutation happened to be valid; undo nothing, but it must really be valid input.
              return;
            }
            expect(res.statusCode).toBeGreaterThanOrEqual(400);
            expect(res.statusCode).toBeLessThan(500);
            const err = res.json().error;
            expect(typeof err.code).toBe('string');
            expect(typeof err.message).toBe('string');
          },
        ),
        { numRuns: 60 },
      );
      const after = await count(env);
      // Only valid mutations may have added rows: as many cases as persons, no attachments.
      expect(after[0]! - before[0]!).toBe(after[1]! - before[1]!);
      expect(after[2]).toBe(before[2]);
    });

    it('garbage bodies, wrong content types and oversized bodies are refused cleanly', async () => {
      const before = await count(env);
      await fc.assert(
        fc.asyncProperty(fc.string({ maxLength: 300 }), async (raw) => {
          const res = await worker.request('POST', '/api/v1/cases', raw, { 'content-type': 'application/json' });
          expect([400, 415]).toContain(res.statusCode);
          expect(res.json().error.code).toMatch(/^[A-Z_]+$/);
        }),
        { numRuns: 50 },
      );
      const xml = await worker.request('POST', '/api/v1/cases', '<case/>', { 'content-type': 'application/xml' });
      expect(xml.statusCode).toBe(415);
      const huge = await worker.post('/api/v1/cases', { ...caseBody(), notes: 'x'.repeat(100_000) });
      expect(huge.statusCode).toBe(413);
      expect(huge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await count(env)).toEqual(before);
    });
  });
}
