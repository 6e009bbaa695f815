/**
 * Reference data (taxonomies) come from `data/reference/taxonomy.json`; this module turns them into
 * zod enums so the contract, the server and the web app agree on the codes. Labels are translated in the
 * data file itself (fr/ar/en), never in code.
 */
import { z } from 'zod';
import taxonomy from '../../data/reference/taxonomy.json';
import serviceTypes from '../../data/reference/service-types.json';

export type TLabel = { fr: string; ar: string; en: string };
export type TTaxonomyEntry = { code: string; label: TLabel } & Record<string, unknown>;
export type TTaxonomyName = Exclude<keyof typeof taxonomy, 'version' | 'notes'>;

export const TAXONOMY = taxonomy;

function codes<K extends TTaxonomyName>(name: K): [string, ...string[]] {
  const list = (taxonomy[name] as TTaxonomyEntry[]).map((e) => e.code);
  return list as [string, ...string[]];
}

export const ZExploitationForm = z.enum(codes('exploitationForms'));
export const ZSituationType = z.enum(codes('situationTypes'));
export const ZCaseStatus = z.enum(codes('caseStatuses'));
export const ZCaseStage = z.enum(codes('caseStages'));
export const ZIdentificationChannel = z.enum(codes('identificationChannels'));
export const ZVulnerability = z.enum(codes('vulnerabilities'));
export const ZIdentityDocumentType = z.enum(codes('identityDocumentTypes'));
export const ZContactKind = z.enum(codes('contactKinds'));
export const ZPlaceKind = z.enum(codes('placeKinds'));
export const ZAgeAssessmentMethod = z.enum(codes('ageAssessmentMethods'));
export const ZTransportMeans = z.enum(codes('transportMeans'));
export const ZJourneyController = z.enum(codes('journeyControllers'));
export const ZDebtCreditor = z.enum(codes('debtCreditors'));
export const ZRecruiterType = z.enum(codes('recruiterTypes'));
export const ZRecruitmentMethod = z.enum(codes('recruitmentMethods'));

/** Age assessment methods whose result decides the age (and ends the child presumption): documents, medical, social, judicial. */
export const DECISIVE_AGE_ASSESSMENTS: ReadonlySet<string> = new Set(
  (taxonomy.ageAssessmentMethods as { code: string; decisive: boolean }[]).filter((m) => m.decisive).map((m) => m.code),
);

/**
 * Types of service of the directory (`data/reference/service-types.json`): the codes of the contract's enum
 * and their fr/ar/en labels come from the data file, like the taxonomy's lists.
 */
export const SERVICE_TYPE_DATA = serviceTypes as { version: string; notes: string; serviceTypes: TTaxonomyEntry[] };
export const SERVICE_TYPE_CODES = SERVICE_TYPE_DATA.serviceTypes.map((e) => e.code) as [string, ...string[]];
export const ZServiceTypeCode = z.enum(SERVICE_TYPE_CODES);

/** Problems of the service-type file (empty when valid): checked at start with the rest of the reference data. */
export function serviceTypeProblems(data: { serviceTypes: unknown } = SERVICE_TYPE_DATA): string[] {
  const problems: string[] = [];
  const list = Array.isArray(data.serviceTypes) ? (data.serviceTypes as Partial<TTaxonomyEntry>[]) : [];
  if (list.length === 0) problems.push('serviceTypes: the list is empty');
  const seen = new Set<string>();
  for (const e of list) {
    if (!e.code || !/^[a-z][a-z0-9_]*$/.test(e.code)) problems.push(`serviceTypes: invalid code ${JSON.stringify(e.code)}`);
    else if (seen.has(e.code)) problems.push(`serviceTypes: duplicate code ${e.code}`);
    if (e.code) seen.add(e.code);
    for (const l of ['fr', 'ar', 'en'] as const) if (!e.label?.[l]?.trim()) problems.push(`serviceTypes.${e.code}: missing ${l} label`);
  }
  return problems;
}

/** The label of a service type in a language (the code itself when unknown). */
export function serviceTypeLabel(code: string, lang: 'fr' | 'ar' | 'en'): string {
  return SERVICE_TYPE_DATA.serviceTypes.find((e) => e.code === code)?.label[lang] ?? code;
}

export const ZReferenceItem = z.object({ code: z.string(), label: z.string() });
export const ZRegionItem = z.object({ code: z.string(), label: z.string() });
export const ZProvinceItem = z.object({ code: z.string(), regionCode: z.string(), label: z.string() });

/** GET /api/v1/reference?lang=xx — every list, labelled in the requested language. */
export const ZReferenceResponse = z.object({
  version: z.string(),
  lists: z.record(z.string(), z.array(ZReferenceItem)),
  countries: z.array(ZReferenceItem),
  /**
   * Every ISO 639-3 language (about 7,900), the most common in Moroccan cases first (`commonLanguages`, in
   * that order), then the others in alphabetical order of their label.
   */
  languages: z.array(ZReferenceItem),
  /** The codes listed first in `languages` (data/reference/languages.json). */
  commonLanguages: z.array(z.string()),
  regions: z.array(ZRegionItem),
  provinces: z.array(ZProvinceItem),
});
export type TReferenceResponse = z.infer<typeof ZReferenceResponse>;
