/** The processing activities and the breach-notification delay (data/config/processing.json): policy, validated once. */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ORGANISATION_TYPES, ZDataCategory } from '../../../contract/common';
import { PROCESSING_SUBJECTS } from '../../../contract/accountability';
import { RETENTION_KINDS } from '../../../contract/retention';

const ZText = z.object({ fr: z.string().min(1), ar: z.string().min(1), en: z.string().min(1) }).strict();

const ZProcessingConfig = z
  .object({
    notes: z.string(),
    controller: z.object({ name: ZText, dpoContact: z.string().min(3) }).strict(),
    activities: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z_]+$/),
            name: ZText,
            purpose: ZText,
            legalBasis: ZText,
            subjects: z.array(z.enum(PROCESSING_SUBJECTS)).min(1),
            categories: z.array(ZDataCategory),
            sensitive: z.boolean(),
            recipients: z.array(z.enum(ORGANISATION_TYPES)),
            retention: z.array(z.enum(RETENTION_KINDS)),
          })
          .strict(),
      )
      .min(1),
    breachNotification: z.object({ notes: z.string(), notifyWithinHours: z.number().int().min(1).max(24 * 30) }).strict(),
  })
  .strict()
  .refine((c) => new Set(c.activities.map((a) => a.id)).size === c.activities.length, 'one entry per activity id')
  // Every kind of record the retention schedule knows belongs to a processing activity.
  .refine((c) => RETENTION_KINDS.every((k) => c.activities.some((a) => a.retention.includes(k))), 'every retention kind in an activity');
export type ProcessingConfig = z.infer<typeof ZProcessingConfig>;

let config: ProcessingConfig | undefined;
export function processingConfig(): ProcessingConfig {
  config ??= ZProcessingConfig.parse(JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../../../data/config/processing.json', import.meta.url)), 'utf8')));
  return config;
}
