/**
 * Indicator-based screening (ILO/EC operational indicators). The result is a suggestion to refer, never a
 * legal status: identification is decided separately by the competent authority.
 */
import { z } from 'zod';
import { ZId, ZInstant, ZLanguageCode } from './common';

export const DIMENSIONS = [
  'deceptive_recruitment',
  'coercive_recruitment',
  'recruitment_abuse_of_vulnerability',
  'exploitative_conditions',
  'coercion_at_destination',
  'abuse_of_vulnerability_at_destination',
] as const;
export const ZDimension = z.enum(DIMENSIONS);
export type TDimension = z.infer<typeof ZDimension>;

export const ZLevel = z.enum(['strong', 'medium', 'weak']);
export const ZPhase = z.enum(['recruitment', 'destination']);
export const ZSetCode = z.enum(['adult_labour', 'child_labour', 'adult_sexual', 'child_sexual']);
export type TSetCode = z.infer<typeof ZSetCode>;
export const ZAnswer = z.enum(['yes', 'no', 'unknown']);
/**
 * `validated`: the labour sets. `draft_pending_validation`: written by the project on the ILO/EC structure and
 * awaiting the national commission's validation (the sexual-exploitation sets since 2026.2). `draft`: the
 * earlier drafts (kept so that screenings recorded with catalogue 2026.1 stay readable).
 */
export const ZSetStatus = z.enum(['validated', 'draft', 'draft_pending_validation']);
export type TSetStatus = z.infer<typeof ZSetStatus>;
export const ZCombination = z.object({ strong: z.number().int().min(0).optional(), medium: z.number().int().min(0).optional(), weak: z.number().int().min(0).optional(), other: z.number().int().min(0).optional() });
export type TCombination = z.infer<typeof ZCombination>;
const ZDimensionRule = z.object({ description: z.string(), combinations: z.array(ZCombination).min(1) });

/** Catalogue file `data/indicators/catalogue.json` (validated at start-up). */
export const ZCatalogueFile = z.object({
  id: z.string(),
  version: z.string(),
  source: z.string(),
  dimensionRule: ZDimensionRule,
  outcomeRules: z.object({
    adult: z.object({ description: z.string(), allOf: z.array(z.array(ZDimension).min(1)).min(1) }),
    child: z.object({ description: z.string(), allOf: z.array(z.array(ZDimension).min(1)).min(1) }),
  }),
  sets: z.array(
    z.object({
      code: ZSetCode,
      population: z.enum(['adult', 'child']),
      exploitation: z.enum(['labour', 'sexual']),
      status: ZSetStatus,
      /** Who must validate a set that is not validated yet, and why. */
      validation: z.object({ by: z.string(), note: z.string() }).optional(),
      /** A set may replace the dimension rule for some dimensions (e.g. children's sexual exploitation: one strong indicator is enough). */
      dimensionRules: z.partialRecord(ZDimension, ZDimensionRule).optional(),
      indicators: z.array(
        z.object({ id: z.string().regex(/^[A-Z]{2}-[A-Z]{2}-\d{2}$/), dimension: ZDimension, phase: ZPhase, level: ZLevel, label_en: z.string(), review: z.string().optional() }),
      ),
    }),
  ),
});
export type TCatalogueFile = z.infer<typeof ZCatalogueFile>;

export const ZDimensionResult = z.object({
  dimension: ZDimension,
  positive: z.boolean(),
  counts: z.object({ strong: z.number().int(), medium: z.number().int(), weak: z.number().int() }),
  /** The combination of the dimension rule that was met, e.g. { strong: 1, other: 1 }. */
  matchedCombination: z.record(z.string(), z.number()).nullable(),
  indicators: z.array(z.object({ id: z.string(), level: ZLevel })),
});

export const ZOutcome = z.enum(['presumed_victim', 'further_assessment', 'no_indicators']);
export type TOutcome = z.infer<typeof ZOutcome>;

/**
 * Why the suggestion is what it is, and what to ask next: the dimensions met, and for each part of the outcome
 * rule that is not met, the dimension of that part closest to being met (at least how many more "yes" answers
 * it needs) and the catalogue's questions still open there ("don't know" first, then unanswered; strong first).
 */
export const ZExplanation = z.object({
  satisfied: z.array(ZDimension),
  missing: z.array(
    z.object({
      anyOf: z.array(ZDimension),
      closest: z.object({ dimension: ZDimension, needed: z.number().int().min(1) }),
      followUp: z.array(z.object({ id: z.string(), dimension: ZDimension, level: ZLevel, answer: z.enum(['unknown', 'unanswered']) })),
    }),
  ),
});
export type TExplanation = z.infer<typeof ZExplanation>;

export const ZScreeningResult = z.object({
  catalogueVersion: z.string(),
  set: ZSetCode,
  setStatus: ZSetStatus,
  population: z.enum(['adult', 'child']),
  dimensions: z.array(ZDimensionResult),
  outcome: ZOutcome,
  /** For each group of the outcome rule: which positive dimension satisfied it, or null. */
  groups: z.array(z.object({ anyOf: z.array(ZDimension), satisfiedBy: z.array(ZDimension) })),
  answered: z.object({ yes: z.number().int(), no: z.number().int(), unknown: z.number().int() }),
  /** Absent from results recorded before 2026.2 that could not be explained again (answers for an unknown version). */
  explanation: ZExplanation.optional(),
});
export type TScreeningResult = z.infer<typeof ZScreeningResult>;

export const ZInterviewConditions = z
  .object({
    consentToInterview: z.boolean(),
    interpreterUsed: z.boolean(),
    interviewLanguage: ZLanguageCode.optional(),
    interviewerSex: z.enum(['female', 'male', 'other']).optional(),
    personChoseInterviewerSex: z.boolean().default(false),
    place: z.enum(['police_station', 'gendarmerie', 'hospital', 'shelter', 'ngo_office', 'workplace', 'border', 'other']),
  })
  .strict();

export const ZScreeningCreate = z
  .object({
    catalogueVersion: z.string().min(1).max(40),
    set: ZSetCode,
    answers: z.record(z.string().regex(/^[A-Z]{2}-[A-Z]{2}-\d{2}$/), ZAnswer),
    conditions: ZInterviewConditions,
    notes: z.string().trim().max(10000).optional(),
  })
  .strict();

export const ZScreening = z.object({
  id: ZId,
  caseId: ZId,
  result: ZScreeningResult,
  conditions: ZInterviewConditions,
  notes: z.string().nullable().optional(),
  screenedBy: z.string(),
  organisation: z.string(),
  createdAt: ZInstant,
});
export const ZScreeningList = z.object({ items: z.array(ZScreening) });

/** The catalogue as the interview screen needs it, labelled in one language. */
export const ZCatalogueView = z.object({
  id: z.string(),
  version: z.string(),
  /** Every version a screening may have been recorded with, newest first (`?version=` serves an older one). */
  versions: z.array(z.string()),
  dimensionRule: z.string(),
  dimensionCombinations: z.array(ZCombination),
  sets: z.array(
    z.object({
      code: ZSetCode,
      label: z.string(),
      population: z.enum(['adult', 'child']),
      exploitation: z.enum(['labour', 'sexual']),
      status: ZSetStatus,
      dimensions: z.array(
        z.object({
          code: ZDimension,
          label: z.string(),
          phase: ZPhase,
          /** The combinations that make this dimension positive in this set, when they differ from the catalogue's rule. */
          combinations: z.array(ZCombination).optional(),
          phaseLabel: z.string(),
          indicators: z.array(z.object({ id: z.string(), level: ZLevel, label: z.string(), question: z.string() })),
        }),
      ),
    }),
  ),
});
export type TCatalogueView = z.infer<typeof ZCatalogueView>;

/** Red flags for the first contact (UNODC observation checklist, unweighted) and the distinctions to draw. */
export const ZQuickScreenView = z.object({
  version: z.string(),
  groups: z.array(
    z.object({
      code: z.string(),
      label: z.string(),
      flags: z.array(z.object({ id: z.string(), text: z.string(), corroborates: z.array(z.object({ label: z.string(), indicatorIds: z.array(z.string()) })) })),
    }),
  ),
  advice: z.object({ flags: z.string(), none: z.string() }),
  guidance: z.array(z.object({ id: z.string(), title: z.string(), text: z.string() })),
});
export type TQuickScreenView = z.infer<typeof ZQuickScreenView>;
