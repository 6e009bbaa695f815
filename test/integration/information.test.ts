/**
 * The rights information sheet over HTTP, on every database: need-to-know (401/403/404), validation (400),
 * the PDF in each language (text extracted with poppler's pdftotext, which gives Arabic in logical order),
 * no personal name in it, the audit entry, and a clear 503 when Chromium is missing.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRightsSheetTemplates } from '../../src/server/modules/information/information.templates';
import { pdfRenderer } from '../../src/server/modules/information/information.pdf';
import { reflectionDaysFrom } from '../../src/server/modules/information/information.service';
import { DIALECTS, anonymous, caseBody, createTestEnv, grant, userClient, type Client, type TestEnv } from '../support/harness';

const TEMPLATES = loadRightsSheetTemplates();

function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The PDF's text in reading order, without bidi control characters, whitespace collapsed. */
function pdfText(pdf: Buffer): string {
  if (!hasPdftotext()) throw new Error('These tests read PDFs with pdftotext: install Debian poppler-utils (apt-get install poppler-utils).');
  const raw = execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8');
  return raw
    .normalize('NFKC')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ');
}

/** Where the first line of the first page (the title) sits: its left and right edges, and the page width. */
function firstLine(pdf: Buffer): { left: number; right: number; pageWidth: number } {
  const xhtml = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-bbox', '-', '-'], { input: pdf }).toString('utf8');
  const pageWidth = Number(/<page width="([\d.]+)"/.exec(xhtml)![1]);
  const words = [...xhtml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"/g)].map((m) => ({ xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]) }));
  const line = words.filter((w) => Math.abs(w.yMin - words[0]!.yMin) < 1);
  return { left: Math.min(...line.map((w) => w.xMin)), right: Math.max(...line.map((w) => w.xMax)), pageWidth };
}

/** Template text as it reads on the page: markup out, whitespace collapsed. */
function plain(text: string): string {
  return text.replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * A looser key for headings: no spaces, no Arabic vowel marks or tatweel, and lam-alef in one order.
 * pdftotext sometimes drops the space between digits and Arabic letters, splits a vowel mark from its
 * letter, and writes the lam-alef ligature of the bold Arabic font as alef-lam; the glyphs on the page are
 * right (checked on rendered pages), the extraction is approximate there.
 */
function loose(text: string): string {
  return plain(text)
    .replace(/[\s\u064b-\u065f\u0670\u0640]/g, '')
    .replace(/لا/g, 'ال');
}

const GIVEN = 'Zoulikha';
const FAMILY = 'Oubenaissa';

for (const dialect of DIALECTS) {
  describe(`information sheet [${dialect}]`, () => {
    let env: TestEnv;
    let worker: Client; // case worker, organisation A (manages the case)
    let police: Client; // first responder, organisation B (no grant at first)
    let analyst: Client; // commission analyst, organisation C (no case role)
    let caseId: string;
    let reference: string;

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      worker = await userClient(env, env.orgs.a, ['case_worker']);
      police = await userClient(env, env.orgs.b, ['first_responder']);
      analyst = await userClient(env, env.orgs.c, ['commission_analyst']);
      const res = await worker.post('/api/v1/cases', caseBody({ person: { givenNames: GIVEN, familyName: FAMILY, aliases: ['Zouzou'], languages: ['es', 'ar'] } }));
      expect(res.statusCode).toBe(201);
      caseId = res.json().id;
      reference = res.json().reference;
    });
    afterAll(() => env.close());

    const url = (lang: string, id = caseId) => `/api/v1/cases/${id}/information-sheet?lang=${lang}`;

    it('lists the languages that have a template, Arabic right-to-left', async () => {
      const res = await worker.get('/api/v1/information-sheet/languages');
      expect(res.statusCode).toBe(200);
      const items = res.json().items as { code: string; name: string; dir: string; version: string }[];
      expect(items.map((i) => i.code)).toEqual(['ar', 'en', 'es', 'fr']);
      expect(items.find((i) => i.code === 'ar')).toMatchObject({ name: 'العربية', dir: 'rtl' });
      expect(items.filter((i) => i.dir === 'ltr').map((i) => i.code)).toEqual(['en', 'es', 'fr']);
      for (const i of items) expect(i.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect((await anonymous(env.app).get('/api/v1/information-sheet/languages')).statusCode).toBe(401);
    });

    it('applies need-to-know: 401 anonymous, 403 without a case role, 404 without access or for an unknown case', async () => {
      const anon = await anonymous(env.app).get(url('fr'));
      expect(anon.statusCode).toBe(401);
      const forbidden = await analyst.get(url('fr'));
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json().error.code).toBe('FORBIDDEN');
      const hidden = await police.get(url('fr'));
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json().error.code).toBe('NOT_FOUND');
      expect((await worker.get(url('fr', '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'))).statusCode).toBe(404);
    });

    it('refuses a language without a template, or none (400)', async () => {
      for (const bad of [url('de'), url('xx'), url('FR'), `/api/v1/cases/${caseId}/information-sheet`]) {
        const res = await worker.get(bad);
        expect(res.statusCode, bad).toBe(400);
        expect(res.json().error.code).toBe('VALIDATION_FAILED');
        expect(res.json().error.details.fields[0].path).toBe('querystring.lang');
      }
      expect((await worker.get(url('fr', 'not-a-uuid'))).statusCode).toBe(400);
    });

    for (const lang of TEMPLATES.languages) {
      it(`renders the sheet as a PDF in ${lang}, with the reference and organisation and never the person's name`, async () => {
        const t = TEMPLATES.byLanguage.get(lang)!;
        const res = await worker.get(url(lang));
        expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers['content-disposition']).toBe(`attachment; filename="information-sheet-${reference}-${lang}.pdf"; filename*=UTF-8''information-sheet-${reference}-${lang}.pdf`);
        const pdf = res.rawPayload;
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

        const text = pdfText(pdf);
        expect(text).toContain(plain(t.title));
        for (const section of t.sections) expect(loose(text), `${lang}: ${section.key}`).toContain(loose(section.heading));
        expect(text).toContain(reference);
        expect(text).toContain('Association A');
        expect(text).toContain('Casablanca');
        expect(text).toContain('0800 00 47 47');
        expect(text).toMatch(new RegExp(`\\b${reflectionDaysFrom()}\\b`)); // at least N days, from the deadline rules
        for (const name of [GIVEN, FAMILY, 'Zouzou', 'Fatima']) expect(text).not.toContain(name);
      });
    }

    it('writes Arabic right-to-left: right-aligned, and the extracted text has the title and headings in logical order', async () => {
      const res = await worker.get(url('ar'));
      expect(res.statusCode).toBe(200);
      const text = pdfText(res.rawPayload);
      // Words in reading order (a left-to-right rendering would come out reversed).
      expect(text).toContain('حقوقك والمساعدة المتاحة لك');
      expect(text).toContain('وقت للراحة واتخاذ القرار');
      expect(text).toContain('الآلية الوطنية للإحالة');
      expect(text).toContain('يمكنك سحب موافقتك في أي وقت');
      expect(text).not.toContain('كل ةدعاسملاو كقوقح');
      // The title starts at the right margin (17 mm ≈ 48 pt), as a right-to-left page does; French starts at the left.
      const ar = firstLine(res.rawPayload);
      expect(ar.pageWidth - ar.right).toBeLessThan(60);
      expect(ar.left).toBeGreaterThan(150);
      const fr = firstLine((await worker.get(url('fr'))).rawPayload);
      expect(fr.left).toBeLessThan(60);
      expect(fr.pageWidth - fr.right).toBeGreaterThan(150);
    });

    it('records information_sheet.export with the language in the audit log', async () => {
      const before = await env.p.db.selectFrom('audit_log').select(['seq']).where('action', '=', 'information_sheet.export').where('entity_id', '=', caseId).execute();
      expect((await worker.get(url('es'))).statusCode).toBe(200);
      const rows = await env.p.db
        .selectFrom('audit_log')
        .select(['actor_user_id', 'actor_org_id', 'entity_type', 'details'])
        .where('action', '=', 'information_sheet.export')
        .where('entity_id', '=', caseId)
        .orderBy('seq', 'desc')
        .execute();
      expect(rows.length).toBe(before.length + 1);
      expect(rows[0]!.actor_user_id).toBe(worker.userId);
      expect(rows[0]!.actor_org_id).toBe(env.orgs.a);
      expect(rows[0]!.entity_type).toBe('case');
      const details = JSON.parse(rows[0]!.details);
      expect(details).toMatchObject({ lang: 'es', reference, templateVersion: TEMPLATES.byLanguage.get('es')!.version });
      // Refused requests leave no export entry.
      await police.get(url('fr'));
      await worker.get(url('de'));
      const after = await env.p.db.selectFrom('audit_log').select(['seq']).where('action', '=', 'information_sheet.export').where('entity_id', '=', caseId).execute();
      expect(after.length).toBe(rows.length);
    });

    it('refuses the sheet to an organisation that only holds a grant (403): informing the person is the managing organisation\'s duty', async () => {
      await grant(env, caseId, env.orgs.b, ['contact']);
      const res = await police.get(url('en'));
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
      const own = await worker.get(url('en'));
      expect(own.statusCode).toBe(200);
      expect(pdfText(own.rawPayload)).toContain(reference);
    });

    it('answers 503 DOCUMENT_UNAVAILABLE, and audits nothing, when Chromium is missing', async () => {
      const saved = process.env.CHROMIUM_PATH;
      await pdfRenderer.close();
      process.env.CHROMIUM_PATH = '/nonexistent/chromium';
      try {
        const count = async () =>
          (await env.p.db.selectFrom('audit_log').select('seq').where('action', '=', 'information_sheet.export').execute()).length;
        const before = await count();
        const res = await worker.request('GET', url('fr'), undefined, { 'accept-language': 'en' });
        expect(res.statusCode).toBe(503);
        expect(res.json().error.code).toBe('DOCUMENT_UNAVAILABLE');
        expect(res.json().error.details).toEqual({ reason: 'browser_missing' });
        expect(res.json().error.message).toMatch(/PDF/);
        expect(await count()).toBe(before);
      } finally {
        if (saved === undefined) delete process.env.CHROMIUM_PATH;
        else process.env.CHROMIUM_PATH = saved;
      }
      // The next request launches the real browser again.
      expect((await worker.get(url('fr'))).statusCode).toBe(200);
    });
  });
}
