import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../src/contract/audit';
const catalogue = (lang: string) => JSON.parse(fs.readFileSync(`src/web/i18n/${lang}.json`, 'utf8')) as Record<string, unknown>;
const lookup = (node: unknown, key: string) => key.split('.').reduce<unknown>((n, k) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[k] : undefined), node);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('audit actions', () => {
  it('every action the server records is listed and labelled in fr, ar and en', () => {
    const used = new Set<string>();
    for (const file of sources('src/server')) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/action: '([a-z_]+\.[a-z_.]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(20);
    for (const a of used) expect(AUDIT_ACTIONS as readonly string[], a).toContain(a);
    for (const lang of ['fr', 'ar', 'en']) {
      const c = catalogue(lang);
      for (const a of AUDIT_ACTIONS) expect(typeof lookup(c, `audit.actions.${a}`), `${lang} audit.actions.${a}`).toBe('string');
    }
  });
});
