// @vitest-environment node
/** The region outlines shipped to the browser: the 12 regions, a few kilobytes, and up to date with the script. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import regions from '../../../data/geo/morocco-regions.json';
import paths from './region-paths.json';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('region paths', () => {
  it('has one outline per region, in the reference data order', () => {
    expect(paths.regions.map((r) => r.code)).toEqual(regions.map((r) => r.code));
    for (const r of paths.regions) {
      expect(r.d).toMatch(/^M\d+ \d+l.*z$/);
      const [w, h] = paths.viewBox.split(' ').slice(2).map(Number);
      expect(r.label[0]).toBeGreaterThan(0);
      expect(r.label[0]).toBeLessThan(w!);
      expect(r.label[1]).toBeGreaterThan(0);
      expect(r.label[1]).toBeLessThan(h!);
    }
  });

  it('stays small and is what scripts/region-paths.mjs produces', () => {
    const file = path.join(here, 'region-paths.json');
    expect(fs.statSync(file).size).toBeLessThan(12_000);
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'region-paths-')), 'paths.json');
    execFileSync(process.execPath, [path.join(here, '../../../scripts/region-paths.mjs'), '1', out]);
    expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(file, 'utf8'));
  });
});
