/** Data-subject request deadlines (data/config/subjectrights.json), validated once at start-up. */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SUBJECT_REQUEST_KINDS, type TSubjectRequestKind } from '../../../contract/subjectrights';

const ZDays = z.number().int().min(1).max(365);

const ZSubjectRightsConfig = z
  .object({
    notes: z.string().optional(),
    /** Calendar days from receipt to the legal deadline, per kind of request. */
    dueDays: z.object(Object.fromEntries(SUBJECT_REQUEST_KINDS.map((k) => [k, ZDays])) as Record<TSubjectRequestKind, typeof ZDays>).strict(),
  })
  .strict();
export type SubjectRightsConfig = z.infer<typeof ZSubjectRightsConfig>;

let config: SubjectRightsConfig | undefined;
export function subjectRightsConfig(): SubjectRightsConfig {
  config ??= ZSubjectRightsConfig.parse(JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../../../data/config/subjectrights.json', import.meta.url)), 'utf8')));
  return config;
}

/** The legal deadline of a request received on `receivedOn` (a local calendar date): `dueDays` calendar days later. */
export function dueDate(kind: TSubjectRequestKind, receivedOn: string, cfg: SubjectRightsConfig = subjectRightsConfig()): string {
  const d = new Date(`${receivedOn}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + cfg.dueDays[kind]);
  return d.toISOString().slice(0, 10);
}

