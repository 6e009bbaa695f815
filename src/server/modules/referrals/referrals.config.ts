/** Referral rules (data/config/referrals.json), validated once at start-up. */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DATA_CATEGORIES } from '../../../contract/common';
import { SERVICE_TYPES, URGENCIES } from '../../../contract/referrals';
import { dueAfter } from '../timelines/calendar';
import { timelineConfig } from '../timelines/timelines.config';

const ZDeadline = z
  .object({
    hours: z.number().int().min(1).max(24 * 30).optional(),
    workingDays: z.number().int().min(1).max(60).optional(),
    remindBeforeHours: z.number().int().min(0).max(24 * 30),
    expireAfterHours: z.number().int().min(0).max(24 * 60),
  })
  .refine((d) => (d.hours === undefined) !== (d.workingDays === undefined), 'either hours or workingDays');

const ZReferralConfig = z.object({
  notes: z.string().optional(),
  responseDeadlines: z.object(Object.fromEntries(URGENCIES.map((u) => [u, ZDeadline])) as Record<(typeof URGENCIES)[number], typeof ZDeadline>),
  childProtectionServiceTypes: z.array(z.enum(SERVICE_TYPES)),
  minimumCategories: z.object(Object.fromEntries(SERVICE_TYPES.map((t) => [t, z.array(z.enum(DATA_CATEGORIES))])) as Record<(typeof SERVICE_TYPES)[number], z.ZodArray<z.ZodEnum<{ [K in (typeof DATA_CATEGORIES)[number]]: K }>>>),
});
export type ReferralConfig = z.infer<typeof ZReferralConfig>;

let config: ReferralConfig | undefined;
export function referralConfig(): ReferralConfig {
  config ??= ZReferralConfig.parse(JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../../../data/config/referrals.json', import.meta.url)), 'utf8')));
  return config;
}

const HOUR = 3_600_000;

/** When the receiving organisation should answer, when it is reminded, and when the referral expires. */
export function responseWindow(urgency: (typeof URGENCIES)[number], sentAt: string): { respondBy: string; remindAt: string | null; expiresAt: string } {
  const d = referralConfig().responseDeadlines[urgency];
  const t = timelineConfig();
  const respondBy = d.hours !== undefined ? new Date(Date.parse(sentAt) + d.hours * HOUR) : dueAfter(sentAt, d.workingDays!, 'working', t.timezone, t.holidays).at;
  const remind = d.remindBeforeHours > 0 ? new Date(respondBy.getTime() - d.remindBeforeHours * HOUR) : null;
  return {
    respondBy: respondBy.toISOString(),
    remindAt: remind && remind.toISOString() > sentAt ? remind.toISOString() : null,
    expiresAt: new Date(respondBy.getTime() + d.expireAfterHours * HOUR).toISOString(),
  };
}
