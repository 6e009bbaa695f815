import { z } from 'zod';
import { inCategory } from './disclosure';
import { ZId, ZDate, ZCountryCode, ZRegionCode, ZProvinceCode, ZInstant, ZRef, ZSex } from './common';
import { ZPersonInput, ZPersonView } from './persons';
import {
  ZCaseStage,
  ZCaseStatus,
  ZDebtCreditor,
  ZExploitationForm,
  ZIdentificationChannel,
  ZJourneyController,
  ZPlaceKind,
  ZRecruiterType,
  ZRecruitmentMethod,
  ZSituationType,
  ZTransportMeans,
} from './reference';

export const ZPlace = z
  .object({
    kind: ZPlaceKind,
    country: ZCountryCode,
    regionCode: ZRegionCode.optional(),
    provinceCode: ZProvinceCode.optional(),
  })
  .strict();
export type TPlace = z.infer<typeof ZPlace>;

const shortText = (max: number) => z.string().trim().min(1).max(max);

/**
 * One leg of the journey, in travel order: from where to where (country, city), when, how and who
 * controlled it. Part of the person's story (encrypted, shared only with the `exploitation_story` category).
 */
export const ZJourneyLeg = z
  .object({
    fromCountry: ZCountryCode.optional(),
    fromCity: shortText(200).optional(),
    toCountry: ZCountryCode,
    toCity: shortText(200).optional(),
    departedOn: ZDate.optional(),
    arrivedOn: ZDate.optional(),
    transport: ZTransportMeans.optional(),
    controlledBy: ZJourneyController.optional(),
    /** Who, in the person's words ("the woman who paid the tickets"). */
    controllerDetails: shortText(500).optional(),
    notes: shortText(2000).optional(),
  })
  .strict();
export type TJourneyLeg = z.infer<typeof ZJourneyLeg>;

/** A debt the person was made to owe: amount (when known) in an ISO 4217 currency, and to whom. */
export const ZDebt = z
  .object({
    amount: z.number().min(0).max(1e12).multipleOf(0.01).optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'iso4217').optional(),
    owedTo: ZDebtCreditor,
    owedToDetails: shortText(500).optional(),
    notes: shortText(2000).optional(),
  })
  .strict();
export type TDebt = z.infer<typeof ZDebt>;

/** How the person was recruited: by whom, how, the promise that was made, where and when. */
export const ZRecruitment = z
  .object({
    recruitedBy: ZRecruiterType,
    recruiterDetails: shortText(500).optional(),
    method: ZRecruitmentMethod.optional(),
    promise: shortText(2000).optional(),
    country: ZCountryCode.optional(),
    recruitedOn: ZDate.optional(),
  })
  .strict();
export type TRecruitment = z.infer<typeof ZRecruitment>;

const caseFields = {
  situationType: ZSituationType,
  exploitationForms: z.array(ZExploitationForm).max(12),
  places: z.array(ZPlace).max(20),
  identifiedOn: ZDate,
  exploitationStartedOn: ZDate.optional(),
  exploitationEndedOn: ZDate.optional(),
  identificationChannel: ZIdentificationChannel,
  identifyingOrganisationId: ZId.optional(),
  story: z.string().trim().max(20000).optional(),
  notes: z.string().trim().max(20000).optional(),
  journey: z.array(ZJourneyLeg).max(30),
  debt: ZDebt.optional(),
  recruitment: ZRecruitment.optional(),
};

/** Register a presumed victim: either a new person or an existing one (re-trafficking). */
export const ZCaseCreate = z
  .object({
    person: ZPersonInput.optional(),
    personId: ZId.optional(),
    assignedUserId: ZId.optional(),
    stage: ZCaseStage.default('presumed_victim'),
    ...caseFields,
    exploitationForms: caseFields.exploitationForms.default([]),
    places: caseFields.places.default([]),
    journey: caseFields.journey.default([]),
  })
  .strict()
  .refine((v) => (v.person ? !v.personId : !!v.personId), { path: ['person'], message: 'person_or_person_id' });
export type TCaseCreate = z.input<typeof ZCaseCreate>;

export const ZCaseUpdate = z
  .object({
    version: z.number().int().min(1),
    status: ZCaseStatus.optional(),
    stage: ZCaseStage.optional(),
    assignedUserId: ZId.nullable().optional(),
    situationType: caseFields.situationType.optional(),
    exploitationForms: caseFields.exploitationForms.optional(),
    places: caseFields.places.optional(),
    identifiedOn: caseFields.identifiedOn.optional(),
    exploitationStartedOn: ZDate.nullable().optional(),
    exploitationEndedOn: ZDate.nullable().optional(),
    identificationChannel: caseFields.identificationChannel.optional(),
    identifyingOrganisationId: ZId.nullable().optional(),
    story: z.string().trim().max(20000).nullable().optional(),
    notes: z.string().trim().max(20000).nullable().optional(),
    /** The whole journey, replacing the recorded one (an empty list clears it). */
    journey: caseFields.journey.optional(),
    debt: ZDebt.nullable().optional(),
    recruitment: ZRecruitment.nullable().optional(),
  })
  .strict();
export type TCaseUpdate = z.input<typeof ZCaseUpdate>;

export const ZCaseAbilities = z.object({
  update: z.boolean(),
  assign: z.boolean(),
  addAttachment: z.boolean(),
  readAttachments: z.boolean(),
});

export const ZAttachment = z.object({
  id: ZId,
  fileName: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  uploadedBy: z.string(),
  createdAt: ZInstant,
});

export const ZCaseDetail = z.object({
  id: ZId,
  reference: z.string(),
  version: z.number().int(),
  status: ZCaseStatus,
  stage: ZCaseStage,
  situationType: ZSituationType,
  exploitationForms: inCategory('exploitation_story', z.array(ZExploitationForm)),
  /** Route and places of exploitation: part of the person's story. */
  places: inCategory('exploitation_story', z.array(ZPlace)),
  identifiedOn: z.string().nullable(),
  exploitationStartedOn: inCategory('exploitation_story', z.string().nullable()),
  exploitationEndedOn: inCategory('exploitation_story', z.string().nullable()),
  identificationChannel: inCategory('exploitation_story', ZIdentificationChannel),
  identifyingOrganisation: inCategory('exploitation_story', ZRef.nullable()),
  managingOrganisation: ZRef,
  assignedUser: ZRef.nullable(),
  story: inCategory('exploitation_story', z.string().nullable()),
  /** The journey as ordered legs, the debt and the recruitment: part of the person's story. */
  journey: inCategory('exploitation_story', z.array(ZJourneyLeg)),
  debt: inCategory('exploitation_story', ZDebt.nullable()),
  recruitment: inCategory('exploitation_story', ZRecruitment.nullable()),
  /** Internal case notes: never shared. */
  notes: inCategory('manager', z.string().nullable()),
  person: ZPersonView,
  /** Identification status decided by the competent authority (presumed until then). */
  identificationStatus: z.enum(['presumed', 'identified', 'not_victim', 'withdrawn']),
  access: z.enum(['manager', 'grant']),
  abilities: ZCaseAbilities,
  createdAt: ZInstant,
  updatedAt: ZInstant,
});
export type TCaseDetail = z.infer<typeof ZCaseDetail>;

export const ZCaseListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  status: ZCaseStatus.optional(),
  stage: ZCaseStage.optional(),
  situationType: ZSituationType.optional(),
  form: ZExploitationForm.optional(),
  regionCode: ZRegionCode.optional(),
  sex: ZSex.optional(),
  child: z.enum(['true', 'false']).optional(),
  assignedToMe: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type TCaseListQuery = z.input<typeof ZCaseListQuery>;

export const ZCaseListItem = z.object({
  id: ZId,
  reference: z.string(),
  personId: ZId,
  /** Only when the reader may see identity; otherwise the pseudonym. */
  displayName: z.string(),
  nameVisible: z.boolean(),
  sex: ZSex,
  ageGroup: z.enum(['child', 'adult', 'unknown']),
  status: ZCaseStatus,
  stage: ZCaseStage,
  situationType: ZSituationType,
  exploitationForms: inCategory('exploitation_story', z.array(ZExploitationForm)),
  identificationStatus: z.enum(['presumed', 'identified', 'not_victim', 'withdrawn']),
  managingOrganisation: ZRef,
  assignedUser: ZRef.nullable(),
  identifiedOn: z.string().nullable(),
  updatedAt: ZInstant,
});
export type TCaseListItem = z.infer<typeof ZCaseListItem>;
export const ZCaseList = z.object({
  items: z.array(ZCaseListItem),
  nextCursor: z.string().nullable(),
  /** On the first page: how many cases match, exact up to `count`; `more` when there are more than that. */
  total: z.object({ count: z.number().int().min(0), more: z.boolean() }).nullable(),
});
export type TCaseList = z.infer<typeof ZCaseList>;

export const ZHistoryEntry = z.object({
  id: ZId,
  version: z.number().int(),
  entityType: z.enum(['case', 'person']),
  action: z.string(),
  changedFields: z.array(z.string()),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).optional(),
  actor: z.string(),
  at: ZInstant,
});
export const ZCaseHistory = z.object({ items: z.array(ZHistoryEntry) });
export const ZAttachmentList = z.object({ items: z.array(ZAttachment) });

export const ATTACHMENT_MIME_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'text/plain'] as const;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export { ZPersonView };
