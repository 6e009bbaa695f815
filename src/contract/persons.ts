import { z } from 'zod';
import { inCategory } from './disclosure';
import { ZId, ZSex, ZDate, ZCountryCode, ZLanguageCode, ZInstant, ZPlainName } from './common';
import { ZAgeAssessmentMethod, ZContactKind, ZIdentityDocumentType, ZVulnerability } from './reference';

/** Names and aliases: invisible and bidirectional controls removed (`ZPlainName`), at most 200 characters. */
const name = ZPlainName(200);

export const ZContact = z.object({
  kind: ZContactKind,
  value: z.string().trim().min(1).max(500),
  note: z.string().trim().max(500).optional(),
});
export const ZIdentityDocument = z.object({
  type: ZIdentityDocumentType,
  number: z.string().trim().min(1).max(100),
  issuingCountry: ZCountryCode.optional(),
  expiresOn: ZDate.optional(),
  heldBy: z.enum(['person', 'third_party', 'authorities', 'unknown']).default('person'),
});

/** An age range in years (`min` ≤ `max`, checked by the server): "between 15 and 19". */
export const ZAgeRange = z.object({ min: z.number().int().min(0).max(120), max: z.number().int().min(0).max(120) }).strict();
/**
 * How the age was established: a method of the reference list `ageAssessmentMethods` and when. Documents,
 * a physical or medical assessment, a social assessment or a judicial decision decide the age and end the
 * child presumption; a self-declaration or a professional's estimate do not.
 */
export const ZAgeAssessment = z.object({ method: ZAgeAssessmentMethod, assessedOn: ZDate.optional() }).strict();

/**
 * A presumed victim. Names are free text in any script (Arabic, Latin, Tifinagh...). Either a date of
 * birth, or an estimated age and/or an age range, each the person's age on the date of identification of
 * their (first) case; `ageUncertain` means "treated as a child until assessed". An age range that reaches
 * under 18 and over 17 is uncertain by itself. A deciding assessment (`ageAssessment`) ends the presumption:
 * the age is then the estimate, or the lower end of the range (the benefit of the doubt).
 */
export const ZPersonInput = z
  .object({
    givenNames: name,
    familyName: name.optional(),
    aliases: z.array(name).max(20).default([]),
    sex: ZSex,
    dateOfBirth: ZDate.optional(),
    estimatedAge: z.number().int().min(0).max(120).optional(),
    ageRange: ZAgeRange.optional(),
    ageAssessment: ZAgeAssessment.optional(),
    ageUncertain: z.boolean().default(false),
    nationalities: z.array(ZCountryCode).max(5).default([]),
    languages: z.array(ZLanguageCode).max(10).default([]),
    interpreterNeeded: z.boolean().default(false),
    contacts: z.array(ZContact).max(20).default([]),
    identityDocuments: z.array(ZIdentityDocument).max(20).default([]),
    vulnerabilities: z.array(ZVulnerability).max(20).default([]),
    healthNotes: z.string().trim().max(5000).optional(),
  })
  .strict();
export type TPersonInput = z.input<typeof ZPersonInput>;

/**
 * A partial update: only the fields sent change (no defaults are filled in, so an omitted list is kept,
 * not emptied). Optional free-text and age fields accept `null` to clear them.
 */
export const ZPersonUpdate = z
  .object({
    version: z.number().int().min(1),
    givenNames: name.optional(),
    familyName: name.nullable().optional(),
    aliases: z.array(name).max(20).optional(),
    sex: ZSex.optional(),
    dateOfBirth: ZDate.nullable().optional(),
    estimatedAge: z.number().int().min(0).max(120).nullable().optional(),
    ageRange: ZAgeRange.nullable().optional(),
    ageAssessment: ZAgeAssessment.nullable().optional(),
    ageUncertain: z.boolean().optional(),
    nationalities: z.array(ZCountryCode).max(5).optional(),
    languages: z.array(ZLanguageCode).max(10).optional(),
    interpreterNeeded: z.boolean().optional(),
    contacts: z.array(ZContact).max(20).optional(),
    identityDocuments: z.array(ZIdentityDocument).max(20).optional(),
    vulnerabilities: z.array(ZVulnerability).max(20).optional(),
    healthNotes: z.string().trim().max(5000).nullable().optional(),
  })
  .strict();

/** What a reader is allowed to see of a person; hidden categories are absent, not empty. */
export const ZPersonView = z.object({
  id: ZId,
  version: z.number().int(),
  pseudonym: z.string(),
  sex: ZSex,
  ageGroup: z.enum(['child', 'adult', 'unknown']),
  /** Under 18, or presumed a child: the age is uncertain and no deciding assessment has set it. */
  treatedAsChild: z.boolean(),
  /** The child presumption holds: the age was marked uncertain, or its range reaches under 18, and no deciding assessment was recorded. */
  ageUncertain: z.boolean(),
  age: inCategory('identity', z.number().int().nullable()),
  nationalities: z.array(z.string()),
  languages: z.array(z.string()),
  interpreterNeeded: z.boolean(),
  vulnerabilities: z.array(z.string()),
  visibleCategories: z.array(z.string()),
  identity: inCategory(
    'identity',
    z.object({
      givenNames: z.string(),
      familyName: z.string().nullable(),
      aliases: z.array(z.string()),
      dateOfBirth: z.string().nullable(),
      estimatedAge: z.number().int().nullable(),
      ageRange: ZAgeRange.nullable(),
      ageAssessment: ZAgeAssessment.nullable(),
    }),
  ),
  contacts: inCategory('contact', z.array(ZContact)),
  identityDocuments: inCategory('documents', z.array(ZIdentityDocument)),
  healthNotes: inCategory('health', z.string().nullable()),
  createdAt: ZInstant,
  updatedAt: ZInstant,
});
export type TPersonView = z.infer<typeof ZPersonView>;

export const ZPersonDetail = z.object({
  person: ZPersonView,
  cases: z.array(z.object({ id: ZId, reference: z.string(), status: z.string(), stage: z.string(), identifiedOn: z.string().nullable() })),
  abilities: z.object({ update: z.boolean() }),
});
