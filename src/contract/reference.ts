/**
 * Reference data (taxonomies) come from `data/reference/taxonomy.json`; this module turns them into
 * zod enums so the contract, the server and the web app agree on the codes. Labels are translated in the
 * data file itself (fr/ar/en), never in code.
 */
import { z } from 'zod';
import taxonomy from '../../data/reference/taxonomy.json';

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

export const ZReferenceItem = z.object({ code: z.string(), label: z.string() });
export const ZRegionItem = z.object({ code: z.string(), label: z.string() });
export const ZProvinceItem = z.object({ code: z.string(), regionCode: z.string(), label: z.string() });

/** GET /api/v1/reference?lang=xx — every list, labelled in the requested language. */
export const ZReferenceResponse = z.object({
  version: z.string(),
  lists: z.record(z.string(), z.array(ZReferenceItem)),
  countries: z.array(ZReferenceItem),
  languages: z.array(ZReferenceItem),
  regions: z.array(ZRegionItem),
  provinces: z.array(ZProvinceItem),
});
export type TReferenceResponse = z.infer<typeof ZReferenceResponse>;
