/**
 * Anonymisation cannot forget a column: every encrypted column of the schema (platform/keys.ts, itself checked
 * against the schema) is either scrubbed through its case or listed as left, with the reason.
 */
import { describe, expect, it } from 'vitest';
import { ENCRYPTED_BYTES, ENCRYPTED_TEXT } from '../../src/server/platform/keys';
import { NOT_SCRUBBED, SCRUB } from '../../src/server/modules/retention/retention.erase';
import { retentionConfig, cutoffOf } from '../../src/server/modules/retention/retention.config';
import { checkRetentionConfig } from '../../src/server/modules/retention/retention.service';

describe('anonymisation scrub list', () => {
  it('covers every encrypted column of every table, or says why it is left', () => {
    const scrubbed = new Map(SCRUB.map((s) => [s.table, new Set([...(s.nullify ?? []), ...(s.erase ?? [])])]));
    const missing: string[] = [];
    for (const t of [...ENCRYPTED_TEXT, ...ENCRYPTED_BYTES]) {
      if (NOT_SCRUBBED[t.table]) continue;
      for (const c of t.columns) if (!scrubbed.get(t.table)?.has(c)) missing.push(`${t.table}.${c}`);
    }
    expect(missing).toEqual([]);
    // And the list names no column that does not exist.
    const known = new Set([...ENCRYPTED_TEXT, ...ENCRYPTED_BYTES].flatMap((t) => t.columns.map((c) => `${t.table}.${c}`)));
    expect(SCRUB.flatMap((s) => [...(s.nullify ?? []), ...(s.erase ?? [])].map((c) => `${s.table}.${c}`)).filter((c) => !known.has(c))).toEqual([]);
  });

  it('reads the schedule: one rule per kind, actions each kind can do, periods as cut-off instants', () => {
    expect(() => checkRetentionConfig()).not.toThrow();
    const kinds = retentionConfig().rules.map((r) => r.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(retentionConfig().rules.find((r) => r.kind === 'audit')!.action).toBe('review');
    const at = new Date('2026-12-07T10:00:00.000Z');
    expect(cutoffOf({ months: 60 }, at)).toBe('2021-12-07T10:00:00.000Z');
    expect(cutoffOf({ days: 30 }, at)).toBe('2026-11-07T10:00:00.000Z');
  });
});
