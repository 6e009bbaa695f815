/**
 * Prevention and partnership activities: four registers kept by the commission and its member organisations
 * (awareness campaigns, trainings of professionals, partnership agreements, international cooperation
 * requests). No victim personal data in them; free-text descriptions are still encrypted on the server in
 * case someone types a name. Totals and the "expired" status are derived, never typed.
 */
import { z } from 'zod';
import { ORGANISATION_TYPES, ZCountryCode, ZDate, ZId, ZInstant, ZLanguageCode, ZOrganisationType, ZPlainName, ZRef, ZRegionCode } from './common';

export const CAMPAIGN_AUDIENCES = [
  'general_public', 'migrant_workers', 'domestic_workers', 'students', 'employers', 'professionals', 'children_families',
  'tourism_sector', 'other',
] as const;
export const CAMPAIGN_CHANNELS = ['tv', 'radio', 'social_media', 'print', 'community_sessions', 'schools', 'hotlines', 'events', 'other'] as const;
export const CAMPAIGN_STATUSES = ['planned', 'ongoing', 'completed', 'cancelled'] as const;
export const TRAINING_TOPICS = [
  'identification_indicators', 'victim_centred_approach', 'investigation', 'prosecution', 'child_protection', 'labour_inspection',
  'referral_mechanism', 'data_protection', 'other',
] as const;
export const PILLARS = ['prevention', 'protection', 'prosecution', 'partnerships'] as const;
/** `expired` is never typed: an agreement signed or in force whose end date has passed is shown as expired. */
export const AGREEMENT_STATUSES = ['draft', 'signed', 'in_force', 'expired', 'terminated'] as const;
export const AGREEMENT_RECORDED_STATUSES = ['draft', 'signed', 'in_force', 'terminated'] as const;
export const COOPERATION_DIRECTIONS = ['outgoing', 'incoming'] as const;
export const COOPERATION_TYPES = ['mutual_legal_assistance', 'extradition', 'information_exchange', 'victim_return_assistance', 'joint_investigation', 'other'] as const;
export const COOPERATION_STATUSES = ['sent', 'acknowledged', 'in_progress', 'executed', 'refused', 'withdrawn'] as const;
/** A status that answers the request: the time from sending/receiving to the first of these is the response time. */
export const COOPERATION_RESPONSE_STATUSES: readonly TCooperationStatus[] = ['acknowledged', 'in_progress', 'executed', 'refused'];
export type TCooperationStatus = (typeof COOPERATION_STATUSES)[number];

const uniq = <T extends z.ZodType>(item: T, min: number, max: number) =>
  z.array(item).min(min).max(max).refine((a) => new Set(a).size === a.length, { message: 'duplicate_value' });
const description = z.string().trim().max(4000);
const ZYear = z.coerce.number().int().min(2000).max(2100);

// ---------------------------------------------------------------- campaigns
const campaignFields = {
  titleFr: z.string().trim().min(3).max(300),
  titleAr: z.string().trim().min(3).max(300),
  theme: z.string().trim().min(2).max(200),
  audiences: uniq(z.enum(CAMPAIGN_AUDIENCES), 1, CAMPAIGN_AUDIENCES.length),
  channels: uniq(z.enum(CAMPAIGN_CHANNELS), 1, CAMPAIGN_CHANNELS.length),
  regions: uniq(ZRegionCode, 1, 12),
  languages: uniq(ZLanguageCode, 1, 10),
  startOn: ZDate,
  endOn: ZDate.nullable(),
  organiserId: ZId,
  partnerIds: uniq(ZId, 0, 50),
  peopleReached: z.number().int().min(0).max(100_000_000).nullable(),
  actionId: z.string().trim().min(1).max(100).nullable(),
  status: z.enum(CAMPAIGN_STATUSES),
  description: description.nullable(),
};
export const ZCampaignCreate = z.object(campaignFields).strict();
export const ZCampaignUpdate = z.object({ version: z.number().int().min(1), ...campaignFields }).partial().required({ version: true }).strict();
export const ZCampaign = z.object({
  id: ZId,
  titleFr: z.string(),
  titleAr: z.string(),
  theme: z.string(),
  audiences: z.array(z.enum(CAMPAIGN_AUDIENCES)),
  channels: z.array(z.enum(CAMPAIGN_CHANNELS)),
  regions: z.array(z.string()),
  languages: z.array(z.string()),
  startOn: z.string(),
  endOn: z.string().nullable(),
  organiser: ZRef,
  partners: z.array(ZRef),
  peopleReached: z.number().int().nullable(),
  actionId: z.string().nullable(),
  status: z.enum(CAMPAIGN_STATUSES),
  description: z.string().nullable(),
  version: z.number().int(),
  canEdit: z.boolean(),
  updatedAt: ZInstant,
});
export type TCampaign = z.infer<typeof ZCampaign>;

// ---------------------------------------------------------------- trainings
export const ZParticipantRow = z.object({ organisationType: ZOrganisationType, women: z.number().int().min(0).max(100_000), men: z.number().int().min(0).max(100_000) }).strict();
const trainingFields = {
  title: z.string().trim().min(3).max(300),
  topics: uniq(z.enum(TRAINING_TOPICS), 1, TRAINING_TOPICS.length),
  startOn: ZDate,
  endOn: ZDate,
  regionCode: ZRegionCode,
  organiserId: ZId,
  hours: z.number().int().min(1).max(2000),
  participants: z.array(ZParticipantRow).min(1).max(ORGANISATION_TYPES.length),
  description: description.nullable(),
};
export const ZTrainingCreate = z.object(trainingFields).strict();
export const ZTrainingUpdate = z.object({ version: z.number().int().min(1), ...trainingFields }).partial().required({ version: true }).strict();
export const ZParticipantTotals = z.object({ women: z.number().int(), men: z.number().int(), total: z.number().int() });
export const ZTraining = z.object({
  id: ZId,
  title: z.string(),
  topics: z.array(z.enum(TRAINING_TOPICS)),
  startOn: z.string(),
  endOn: z.string(),
  regionCode: z.string(),
  organiser: ZRef,
  hours: z.number().int(),
  participants: z.array(ZParticipantRow.extend({ total: z.number().int() })),
  totals: ZParticipantTotals,
  description: z.string().nullable(),
  version: z.number().int(),
  canEdit: z.boolean(),
  updatedAt: ZInstant,
});
export type TTraining = z.infer<typeof ZTraining>;

// ---------------------------------------------------------------- agreements
export const ZAgreementParty = z.union([
  z.object({ organisationId: ZId }).strict(),
  z.object({ externalName: ZPlainName(300, 2), countryCode: ZCountryCode }).strict(),
]);
const agreementFields = {
  title: z.string().trim().min(3).max(300),
  parties: z.array(ZAgreementParty).min(2).max(30),
  signedOn: ZDate.nullable(),
  effectiveFrom: ZDate.nullable(),
  effectiveTo: ZDate.nullable(),
  pillars: uniq(z.enum(PILLARS), 1, 4),
  status: z.enum(AGREEMENT_RECORDED_STATUSES),
  description: description.nullable(),
};
export const ZAgreementCreate = z.object(agreementFields).strict();
export const ZAgreementUpdate = z.object({ version: z.number().int().min(1), ...agreementFields }).partial().required({ version: true }).strict();
/** The signed document of an agreement: a PDF or a scan (the type is read from the file's first bytes). */
export const AGREEMENT_DOCUMENT_MIME_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const AGREEMENT_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ZAgreementDocument = z.object({ fileName: z.string(), mimeType: z.string(), sizeBytes: z.number().int(), uploadedAt: ZInstant });
export const ZAgreement = z.object({
  id: ZId,
  title: z.string(),
  parties: z.array(z.object({ organisation: ZRef.nullable(), externalName: z.string().nullable(), countryCode: z.string().nullable() })),
  signedOn: z.string().nullable(),
  effectiveFrom: z.string().nullable(),
  effectiveTo: z.string().nullable(),
  pillars: z.array(z.enum(PILLARS)),
  /** Derived: `expired` once the end date has passed for a signed or in-force agreement. */
  status: z.enum(AGREEMENT_STATUSES),
  recordedStatus: z.enum(AGREEMENT_RECORDED_STATUSES),
  description: z.string().nullable(),
  document: ZAgreementDocument.nullable(),
  version: z.number().int(),
  canEdit: z.boolean(),
  updatedAt: ZInstant,
});
export type TAgreement = z.infer<typeof ZAgreement>;

// ---------------------------------------------------------------- cooperation requests
export const ZCooperationCreate = z
  .object({
    direction: z.enum(COOPERATION_DIRECTIONS),
    type: z.enum(COOPERATION_TYPES),
    countryCode: ZCountryCode,
    authority: z.string().trim().min(2).max(300),
    handlingOrganisationId: ZId,
    /** Sent (outgoing) or received (incoming) on. */
    openedOn: ZDate,
    subject: z.string().trim().min(3).max(1000),
  })
  .strict();
export const ZCooperationUpdate = z
  .object({
    version: z.number().int().min(1),
    status: z.enum(COOPERATION_STATUSES).optional(),
    /** The date of the status change (defaults to today). */
    statusOn: ZDate.optional(),
    authority: z.string().trim().min(2).max(300).optional(),
    subject: z.string().trim().min(3).max(1000).optional(),
  })
  .strict();
export const ZCooperationRequest = z.object({
  id: ZId,
  direction: z.enum(COOPERATION_DIRECTIONS),
  type: z.enum(COOPERATION_TYPES),
  countryCode: z.string(),
  authority: z.string(),
  handlingOrganisation: ZRef,
  openedOn: z.string(),
  status: z.enum(COOPERATION_STATUSES),
  subject: z.string(),
  history: z.array(z.object({ fromStatus: z.enum(COOPERATION_STATUSES).nullable(), toStatus: z.enum(COOPERATION_STATUSES), on: z.string(), by: z.string() })),
  /** Days from sending/receiving to the first answer (acknowledged, in progress, executed or refused); null while none. */
  responseDays: z.number().int().nullable(),
  version: z.number().int(),
  canEdit: z.boolean(),
  updatedAt: ZInstant,
});
export type TCooperationRequest = z.infer<typeof ZCooperationRequest>;

// ---------------------------------------------------------------- lists
export const ZActivityQuery = z.object({ year: ZYear.optional(), status: z.string().max(40).optional(), region: ZRegionCode.optional() }).strict();
export const ZCampaignQuery = ZActivityQuery.extend({ status: z.enum(CAMPAIGN_STATUSES).optional() });
export const ZTrainingQuery = ZActivityQuery.omit({ status: true });
export const ZAgreementQuery = ZActivityQuery.omit({ region: true }).extend({ status: z.enum(AGREEMENT_STATUSES).optional() });
export const ZCooperationQuery = ZActivityQuery.omit({ region: true }).extend({ status: z.enum(COOPERATION_STATUSES).optional() });
export const ZCampaignList = z.object({ items: z.array(ZCampaign) });
export const ZTrainingList = z.object({ items: z.array(ZTraining) });
export const ZAgreementList = z.object({ items: z.array(ZAgreement) });
export const ZCooperationList = z.object({ items: z.array(ZCooperationRequest) });

// ---------------------------------------------------------------- summary (annual report, dashboard)
export const ZActivitiesSummary = z.object({
  year: z.number().int(),
  campaigns: z.object({
    count: z.number().int(),
    byAudience: z.record(z.string(), z.number().int()),
    byChannel: z.record(z.string(), z.number().int()),
    peopleReached: z.number().int(),
    /** Campaigns of the year without an estimate (their reach is unknown, not zero). */
    withoutEstimate: z.number().int(),
  }),
  trainings: z.object({
    count: z.number().int(),
    hours: z.number().int(),
    participants: z.array(z.object({ organisationType: ZOrganisationType, women: z.number().int(), men: z.number().int(), total: z.number().int() })),
    totals: ZParticipantTotals,
  }),
  agreements: z.object({ inForceAtYearEnd: z.number().int(), byPillar: z.record(z.string(), z.number().int()) }),
  cooperation: z.object({
    count: z.number().int(),
    byTypeStatus: z.array(z.object({ type: z.enum(COOPERATION_TYPES), status: z.enum(COOPERATION_STATUSES), count: z.number().int() })),
    medianResponseDays: z.number().nullable(),
  }),
});
export type TActivitiesSummary = z.infer<typeof ZActivitiesSummary>;
