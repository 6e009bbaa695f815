/** Timeline rules and the holiday calendar (data/config/), validated once at start-up. */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { HolidayCalendar } from './calendar';

const ZRule = z.object({
  code: z.string().regex(/^[a-z_]+$/),
  trigger: z.enum(['case_registered', 'identification_requested']),
  when: z.enum(['always', 'child', 'foreign']),
  /** Only for cases of these situation types (taxonomy `situationTypes`); every situation when absent. */
  situations: z.array(z.string()).min(1).optional(),
  days: z.number().int().min(0).max(365),
  calendar: z.enum(['calendar', 'working']),
  remindBeforeDays: z.number().int().min(0).max(60),
  assignee: z.enum(['managing_organisation', 'deciding_organisation']),
  extendable: z.boolean(),
});
const ZTimelines = z.object({ notes: z.string().optional(), timezone: z.string(), holidayCalendar: z.string(), rules: z.array(ZRule).min(1) });
const ZHolidays = z.object({
  notes: z.string().optional(),
  fixed: z.array(z.object({ date: z.string().regex(/^\d{2}-\d{2}$/), name: z.string() })),
  dates: z.array(z.object({ date: z.iso.date(), name: z.string() })),
});

export type TimelineRule = z.infer<typeof ZRule>;
export type TimelineConfig = { timezone: string; rules: TimelineRule[]; holidays: HolidayCalendar };

const read = (name: string): unknown => JSON.parse(fs.readFileSync(fileURLToPath(new URL(`../../../../data/config/${name}`, import.meta.url)), 'utf8'));
/** The situation types of the taxonomy (trafficking, smuggling, …), to check the rules against. */
const situationTypes = (): string[] =>
  z
    .object({ situationTypes: z.array(z.object({ code: z.string() })) })
    .parse(JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../../../data/reference/taxonomy.json', import.meta.url)), 'utf8')))
    .situationTypes.map((s) => s.code);

let config: TimelineConfig | undefined;
export function timelineConfig(): TimelineConfig {
  if (config) return config;
  const t = ZTimelines.parse(read('timelines.json'));
  new Intl.DateTimeFormat('en', { timeZone: t.timezone }); // throws on an unknown zone
  const situations = new Set(situationTypes());
  for (const r of t.rules) {
    const unknown = (r.situations ?? []).filter((s) => !situations.has(s));
    if (unknown.length) throw new Error(`timelines.json: rule ${r.code} names unknown situation types: ${unknown.join(', ')}`);
  }
  config = { timezone: t.timezone, rules: t.rules, holidays: ZHolidays.parse(read(t.holidayCalendar)) };
  return config;
}

const ZIdentificationConfig = z.object({
  notes: z.string().optional(),
  decidingOrganisationTypes: z.array(z.string()).min(1),
  negativeDecisionNeedsSecondReviewer: z.boolean(),
  grantCategoriesForDecision: z.array(z.enum(['identity', 'contact', 'health', 'exploitation_story', 'documents'])).min(1),
});
let identification: z.infer<typeof ZIdentificationConfig> | undefined;
export function identificationConfig() {
  identification ??= ZIdentificationConfig.parse(read('identification.json'));
  return identification;
}
