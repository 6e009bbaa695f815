import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, anonymous, caseBody, createTestEnv, userClient, type TestEnv } from '../support/harness';

for (const dialect of DIALECTS) {
  describe(`platform endpoints [${dialect}]`, () => {
    let env: TestEnv;
    beforeAll(async () => {
      env = await createTestEnv(dialect);
    });
    afterAll(() => env.close());

    it('reports health and readiness', async () => {
      expect((await anonymous(env.app).get('/healthz')).json()).toEqual({ status: 'ok' });
      expect((await anonymous(env.app).get('/readyz')).json()).toEqual({ status: 'ready', database: dialect });
    });

    it('compresses text responses for a client that asks (brotli, else gzip), small ones not', async () => {
      const plain = await env.app.inject({ method: 'GET', url: '/api/v1/reference' });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.rawPayload.length).toBeGreaterThan(10_000);
      const br = await env.app.inject({ method: 'GET', url: '/api/v1/reference', headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toContain('accept-encoding');
      expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
      expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
      const gz = await env.app.inject({ method: 'GET', url: '/api/v1/reference', headers: { 'accept-encoding': 'gzip' } });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
      const small = await env.app.inject({ method: 'GET', url: '/healthz', headers: { 'accept-encoding': 'br' } });
      expect(small.headers['content-encoding']).toBeUndefined();
      expect(small.json()).toEqual({ status: 'ok' });
    });

    it('sends strict security headers', async () => {
      const res = await anonymous(env.app).get('/api/v1/reference');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'self'");
      expect(csp).toContain("form-action 'self'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      // HSTS only in production (auth-hardening.test.ts checks it there): a demo on http://localhost must stay reachable.
      expect(res.headers['strict-transport-security']).toBeUndefined();
    });

    it('keeps personal data out of caches', async () => {
      const worker = await userClient(env, env.orgs.a, ['case_worker']);
      const created = await worker.post('/api/v1/cases', caseBody());
      expect(created.statusCode).toBe(201);
      expect(created.headers['cache-control']).toBe('no-store');
      const id = created.json().id as string;
      for (const url of ['/api/v1/cases', `/api/v1/cases/${id}`, `/api/v1/cases/${id}/history`, '/api/v1/auth/session']) {
        const res = await worker.get(url);
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['cache-control'], url).toBe('no-store');
      }
    });

    it('serves an OpenAPI 3.1 document covering the API', async () => {
      const doc = (await anonymous(env.app).get('/api/docs/json')).json();
      expect(doc.openapi).toBe('3.1.0');
      for (const path of ['/api/v1/cases', '/api/v1/cases/{id}', '/api/v1/persons/{id}', '/api/v1/users', '/api/v1/organisations', '/api/v1/audit', '/api/v1/auth/login']) {
        expect(Object.keys(doc.paths)).toContain(path);
      }
      expect(doc.paths['/api/v1/cases'].post.requestBody).toBeDefined();
    });

    it('labels reference data in each language', async () => {
      const ar = (await anonymous(env.app).get('/api/v1/reference?lang=ar')).json();
      const fr = (await anonymous(env.app).get('/api/v1/reference?lang=fr')).json();
      expect(ar.countries.find((c: { code: string }) => c.code === 'MA').label).toBe('المغرب');
      expect(fr.countries.find((c: { code: string }) => c.code === 'MA').label).toBe('Maroc');
      expect(ar.countries.find((c: { code: string }) => c.code === 'EH')).toBeUndefined();
      expect(fr.regions.length).toBe(12);
      expect(fr.lists.exploitationForms.find((f: { code: string }) => f.code === 'forced_begging').label).toBe('Mendicité forcée');
      expect(ar.lists.exploitationForms.find((f: { code: string }) => f.code === 'forced_begging').label).toBe('التسول القسري');
    });

    it('answers unknown API paths with the error shape', async () => {
      const res = await anonymous(env.app).get('/api/v1/nothing-here');
      expect(res.statusCode).toBe(401);
    });
  });
}
