/** The retention schedule (data/config/retention.json): policy, validated once at start. */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { RETENTION_KINDS, RETENTION_ACTIONS, RETENTION_CLOCKS } from '../../../contract/retention';

const ZRule = z
  .object({
    kind: z.enum(RETENTION_KINDS),
    clock: z.enum(RETENTION_CLOCKS),
    months: z.number().int().min(1).max(600).optional(),
    days: z.number().int().min(1).max(3650).optional(),
    action: z.enum(RETENTION_ACTIONS),
  })
  .strict()
  .refine((r) => (r.months === undefined) !== (r.days === undefined), 'a rule has months or days, not both');

const ZRetentionConfig = z
  .object({ notes: z.string().optional(), runAtHour: z.number().int().min(0).max(23), rules: z.array(ZRule).min(1) })
  .strict()
  .refine((c) => new Set(c.rules.map((r) => r.kind)).size === c.rules.length, 'one rule per kind');
export type RetentionConfig = z.infer<typeof ZRetentionConfig>;
export type RetentionRule = RetentionConfig['rules'][number];

let config: RetentionConfig | undefined;
export function retentionConfig(): RetentionConfig {
  config ??= ZRetentionConfig.parse(JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../../../data/config/retention.json', import.meta.url)), 'utf8')));
  return config;
}

/** The instant before which a clock must have started for the rule to be due at `at`. */
export function cutoffOf(rule: Pick<RetentionRule, 'months' | 'days'>, at: Date): string {
  const d = new Date(at.getTime());
  if (rule.months !== undefined) d.setUTCMonth(d.getUTCMonth() - rule.months);
  else d.setUTCDate(d.getUTCDate() - (rule.days ?? 0));
  return d.toISOString();
}
