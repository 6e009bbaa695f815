/** Who counts as "justice", the hearing reminder and the disclosure threshold (data/config/justice.json), validated once. */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ORGANISATION_TYPES, ROLES } from '../../../contract/common';

const ZJusticeConfig = z.object({
  notes: z.string().optional(),
  organisationTypes: z.array(z.enum(ORGANISATION_TYPES)).min(1),
  roles: z.array(z.enum(ROLES)).min(1),
  hearingReminderDaysBefore: z.number().int().min(0).max(60),
  hearingTaskRule: z.string().regex(/^[a-z_]+$/),
  disclosureThreshold: z.number().int().min(1).max(100),
});
export type JusticeConfig = z.infer<typeof ZJusticeConfig>;

let config: JusticeConfig | undefined;
export function justiceConfig(): JusticeConfig {
  config ??= ZJusticeConfig.parse(JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../../../data/config/justice.json', import.meta.url)), 'utf8')));
  return config;
}
