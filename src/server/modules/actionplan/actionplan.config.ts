/** Action-plan reporting deadlines (data/config/actionplan.json), validated once at start-up. */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const ZActionPlanConfig = z
  .object({
    notes: z.string().optional(),
    dueDaysAfterPeriodEnd: z.number().int().min(0).max(365),
    remindBeforeDays: z.number().int().min(0).max(90),
  })
  .strict();
export type ActionPlanConfig = z.infer<typeof ZActionPlanConfig>;

let config: ActionPlanConfig | undefined;
export function actionplanConfig(): ActionPlanConfig {
  config ??= ZActionPlanConfig.parse(JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../../../data/config/actionplan.json', import.meta.url)), 'utf8')));
  return config;
}

/** The day a period's report is due: `dueDaysAfterPeriodEnd` calendar days after its last day. */
export function reportDueDate(periodEnd: string, cfg: ActionPlanConfig = actionplanConfig()): string {
  const d = new Date(`${periodEnd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + cfg.dueDaysAfterPeriodEnd);
  return d.toISOString().slice(0, 10);
}
