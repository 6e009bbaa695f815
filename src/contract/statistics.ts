/**
 * The commission's statistics: figures computed from the operational data (never re-typed), always after
 * disclosure control. A suppressed figure is `null` (shown with one mark, whether it is small itself or
 * hidden so that a small one cannot be worked out). Periods are whole calendar years, so that two
 * overlapping periods cannot be subtracted to reveal a small figure.
 */
import { z } from 'zod';

/** Columns of every breakdown: presumed and identified victims (cases), anonymous notifications. */
export const STAT_COLUMNS = ['presumed', 'identified', 'anonymous'] as const;
export const ZStatColumn = z.enum(STAT_COLUMNS);

export const STAT_TABLES = ['sexAge', 'nationality', 'citizenship', 'form', 'region', 'organisationType', 'channel', 'month'] as const;
/** Built after STAT_TABLES for trafficking: victims by UNODC category (one per victim) × SEX_AGE_KEYS, adding up to the sex × age totals. */
export const UNODC_TABLE = 'unodcForm';
export const ZStatTableId = z.enum(STAT_TABLES);
export type TStatTableId = z.infer<typeof ZStatTableId>;

export const SEX_AGE_KEYS = ['women', 'men', 'girls', 'boys', 'unknown'] as const;
export const NATIONALITY_KEYS = ['moroccan', 'foreign', 'unknown'] as const;
export const SITUATIONS = ['trafficking', 'smuggling'] as const;

/** Tables added by the referral module (ids `referrals.<table>`), by STAT_COLUMNS, and their rows. */
export const REFERRAL_STAT_TABLES = ['services', 'time_to_referral', 'time_to_service'] as const;
export const SERVICE_ROWS = ['received_service', 'no_service'] as const;
export const DAY_BANDS = ['same_day', '1_7_days', '8_30_days', 'over_30_days'] as const;
export const TIME_TO_REFERRAL_ROWS = [...DAY_BANDS, 'not_referred'] as const;
export const TIME_TO_SERVICE_ROWS = [...DAY_BANDS, 'no_service', 'not_referred'] as const;
export const ZStatSituation = z.enum(SITUATIONS);

export const ZStatisticsQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  situation: ZStatSituation.default('trafficking'),
});
export type TStatisticsQuery = z.input<typeof ZStatisticsQuery>;

/** A released count, or null when suppressed. */
export const ZStatCell = z.number().int().min(0).nullable();

export const ZStatTable = z.object({
  /** One of STAT_TABLES, or a table added by another module (statistics.sources.ts on the server). */
  id: z.string(),
  /** Column keys: STAT_COLUMNS for the built-in tables. */
  columns: z.array(z.string()),
  /** False for multi-valued breakdowns (one victim, several forms): rows do not add up to the totals. */
  additive: z.boolean(),
  rows: z.array(z.object({ key: z.string(), cells: z.array(ZStatCell), total: ZStatCell })),
  columnTotals: z.array(ZStatCell).nullable(),
  total: ZStatCell,
});
export type TStatTable = z.infer<typeof ZStatTable>;

export const ZStatistics = z.object({
  year: z.number().int(),
  situation: ZStatSituation,
  /** Cells from 1 to threshold − 1 are suppressed. */
  threshold: z.number().int(),
  columns: z.array(ZStatColumn),
  headline: z.object({ cells: z.array(ZStatCell), total: ZStatCell }),
  /** Trafficking vs smuggling in the year (all statuses and anonymous notifications together). */
  situations: z.object({ trafficking: ZStatCell, smuggling: ZStatCell, total: ZStatCell }),
  tables: z.array(ZStatTable),
  /** Years with data (and the current year), for the period filter. */
  years: z.array(z.number().int()),
  /** Per table, rows that cannot be counted from what is recorded (e.g. UNODC's forced marriage): not available, never zero. */
  notAvailable: z.record(z.string(), z.array(z.string())),
});
export type TStatistics = z.infer<typeof ZStatistics>;

export const ZExportQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  format: z.enum(['csv', 'xlsx']).default('csv'),
});

export const ZKAnonReport = z.object({
  year: z.number().int(),
  k: z.number().int(),
  records: z.number().int(),
  released: z.number().int(),
  suppressed: z.number().int(),
  classes: z.number().int(),
  smallestReleasedClass: z.number().int().nullable(),
  generalisation: z.array(z.object({ attribute: z.string(), level: z.number().int(), label: z.string() })),
});
export type TKAnonReport = z.infer<typeof ZKAnonReport>;

export const ZSdgRate = z.object({
  year: z.number().int(),
  /** Population figures are configuration (data/config/population-MA.json), marked as to be verified. */
  populationSource: z.string(),
  rows: z.array(z.object({ group: z.enum(['women', 'men', 'girls', 'boys', 'total']), victims: ZStatCell, population: z.number().int().nullable(), ratePer100k: z.number().nullable() })),
  /** What the rate needs and the configuration does not have for this year ('population': no population figures). */
  missing: z.array(z.enum(['population'])),
});
export type TSdgRate = z.infer<typeof ZSdgRate>;

// ---- The annual national report ------------------------------------------------------------------------
/** The commission's report structure: narrative sections, with the year's tables in "victims". */
export const REPORT_SECTIONS = ['context', 'victims', 'protection', 'prosecution', 'prevention', 'partnerships', 'action_plan', 'recommendations'] as const;
export const ZReportSection = z.enum(REPORT_SECTIONS);
export const REPORT_LANGUAGES = ['fr', 'ar', 'en'] as const;
export const ZReportLanguage = z.enum(REPORT_LANGUAGES);

export const ZReportParams = z.object({ year: z.coerce.number().int().min(2000).max(2100), lang: ZReportLanguage });
export const ZReportSectionParams = ZReportParams.extend({ section: ZReportSection });

/** Save a narrative section as a draft: `version` is the one read (0 for a section not written yet). */
export const ZReportSectionSave = z.object({ version: z.number().int().min(0), text: z.string().trim().min(1).max(50000) }).strict();

export const ZReportSectionView = z.object({
  section: ZReportSection,
  version: z.number().int(),
  text: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export const ZReportDraft = z.object({ year: z.number().int(), lang: ZReportLanguage, sections: z.array(ZReportSectionView) });
export const ZReportSectionHistory = z.object({ items: z.array(z.object({ version: z.number().int(), text: z.string(), savedBy: z.string(), savedAt: z.string() })) });

export const ZReportJobCreate = z.object({ year: z.number().int().min(2000).max(2100), lang: ZReportLanguage }).strict();
export const ZReportJob = z.object({
  id: z.uuid(),
  year: z.number().int(),
  lang: ZReportLanguage,
  status: z.enum(['queued', 'running', 'done', 'failed']),
  /** 0–100, with the step being worked on. */
  progress: z.number().int(),
  step: z.enum(['queued', 'figures', 'sections', 'layout', 'pdf', 'docx', 'done', 'failed']),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type TReportJob = z.infer<typeof ZReportJob>;

// ---- Standard exports as jobs --------------------------------------------------------------------------
export const EXPORT_KINDS = ['glotip', 'glotip_persons', 'ctdc', 'sdg_16_2_2'] as const;
export const ZExportKind = z.enum(EXPORT_KINDS);
export type TExportKind = z.infer<typeof ZExportKind>;
/** CTDC microdata is CSV only; the others are CSV or XLSX (SDG 16.2.2: CSV). */
export const ZExportJobCreate = z
  .object({ kind: ZExportKind, year: z.number().int().min(2000).max(2100), format: z.enum(['csv', 'xlsx']).default('csv') })
  .strict();
export const EXPORT_STEPS = ['queued', 'reading', 'anonymising', 'writing', 'done', 'failed', 'expired'] as const;
export const ZExportJob = z.object({
  id: z.uuid(),
  kind: ZExportKind,
  year: z.number().int(),
  format: z.enum(['csv', 'xlsx']),
  /** queued → running → done | failed; a finished file is erased after a few days (expired). */
  status: z.enum(['queued', 'running', 'done', 'failed', 'expired']),
  progress: z.number().int(),
  step: z.enum(EXPORT_STEPS),
  error: z.string().nullable(),
  fileName: z.string().nullable(),
  /** What the file holds: its rows, and for the CTDC microdata the k-anonymity report. */
  rows: z.number().int().nullable(),
  kAnonymity: ZKAnonReport.nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** When the file will be erased. */
  expiresAt: z.string().nullable(),
});
export type TExportJob = z.infer<typeof ZExportJob>;
export const ZExportJobList = z.object({ items: z.array(ZExportJob) });
