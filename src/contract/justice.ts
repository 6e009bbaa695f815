/**
 * The justice track (issue 6): criminal proceedings linked to victims' cases, defendants, victims' roles and
 * protection measures, hearings (with reminders to the victim's managing organisation), non-punishment of
 * victims, and the statistics feed behind disclosure control. Offence codes come from
 * `data/reference/offences.json` (law 27-14 and related offences, mapped to ICCS).
 */
import { z } from 'zod';
import offences from '../../data/reference/offences.json';
import { ZCountryCode, ZDate, ZId, ZInstant, ZPlainName, ZSex } from './common';
import { ZContact } from './persons';

export type TOffenceEntry = { code: string; iccs: string; label: { fr: string; ar: string; en: string }; review?: string; articles?: string };
export const OFFENCES = offences.offences as TOffenceEntry[];
export const ACCUSED_VICTIM_OFFENCES = offences.accusedVictimOffences as TOffenceEntry[];
export const ZOffence = z.enum(OFFENCES.map((o) => o.code) as [string, ...string[]]);
export const ZAccusedVictimOffence = z.enum(ACCUSED_VICTIM_OFFENCES.map((o) => o.code) as [string, ...string[]]);

/** Stages in order; each has its date field. Appeal is optional (a judgment may become final directly). */
export const PROCEEDING_STAGES = ['complaint', 'investigation', 'prosecution', 'trial', 'judgment', 'appeal', 'final'] as const;
export const ZProceedingStage = z.enum(PROCEEDING_STAGES);
export type TProceedingStage = z.infer<typeof ZProceedingStage>;
export const STAGE_DATE_FIELDS = {
  complaint: 'complaintOn',
  investigation: 'investigationOn',
  prosecution: 'prosecutionOn',
  trial: 'trialOn',
  judgment: 'judgmentOn',
  appeal: 'appealOn',
  final: 'finalOn',
} as const satisfies Record<TProceedingStage, string>;
export type TStageDateField = (typeof STAGE_DATE_FIELDS)[TProceedingStage];

/** Role in the trafficking process, after HTCDS `per_RoleInProcess` (grouped). */
export const DEFENDANT_ROLES = ['recruiter_intermediary', 'transporter', 'broker_travel_agent', 'harbourer', 'receiver', 'buyer_seller', 'controller', 'exploiter', 'smuggler', 'abuser', 'kidnapper', 'other'] as const;
/** Relationship to the victim, after HTCDS `vic_RelationshipToTrafficker` (Familial, Acquainted, Unacquainted) with CTDC's partner. */
export const RELATIONSHIPS = ['familial', 'intimate_partner', 'acquainted', 'employer', 'unacquainted', 'unknown'] as const;
export const DEFENDANT_AGE_GROUPS = ['under_18', '18_24', '25_34', '35_49', '50_plus', 'unknown'] as const;
export const OUTCOMES = ['convicted', 'acquitted', 'dismissed'] as const;
export const VICTIM_ROLES = ['witness', 'civil_party'] as const;
export const MEASURES = ['anonymity', 'closed_hearing', 'video_testimony', 'no_confrontation', 'no_contact_order', 'relocation', 'escort', 'psychological_support', 'legal_aid'] as const;
export const MEASURE_STATUSES = ['requested', 'granted', 'refused'] as const;
export const MEASURE_REQUESTERS = ['victim', 'lawyer', 'ngo', 'police', 'prosecution', 'court'] as const;
export const MEASURE_DECIDERS = ['prosecutor', 'investigating_judge', 'trial_court', 'appeal_court'] as const;
export const HEARING_KINDS = ['investigation', 'trial', 'judgment', 'appeal'] as const;
export const HEARING_STATUSES = ['scheduled', 'held', 'postponed', 'cancelled'] as const;
export const NON_PUNISHMENT_STATUSES = ['open', 'not_prosecuted', 'non_punishment_applied', 'convicted'] as const;
/** Who represents the victim's claim (partie civile). */
export const CLAIM_REPRESENTATIVES = ['lawyer', 'legal_aid_lawyer', 'association', 'self', 'guardian'] as const;
/** The court instance whose decision orders compensation: the judgment at first instance, or the appeal. */
export const ORDER_INSTANCES = ['first_instance', 'appeal'] as const;
export const PAYMENT_STATUSES = ['unpaid', 'partially_paid', 'paid', 'unenforceable'] as const;

const ref = z.string().trim().max(100);
const text = z.string().trim().max(200);
/** A defendant's names and aliases (`ZPlainName`: invisible and bidirectional controls removed). */
const personName = ZPlainName(200, 0);
const money = z.number().int().min(0).max(1_000_000_000);

const stageDates = {
  complaintOn: ZDate,
  investigationOn: ZDate.nullable().optional(),
  prosecutionOn: ZDate.nullable().optional(),
  trialOn: ZDate.nullable().optional(),
  judgmentOn: ZDate.nullable().optional(),
  appealOn: ZDate.nullable().optional(),
  finalOn: ZDate.nullable().optional(),
};

export const ZProceedingCreate = z
  .object({
    policeReportRef: ref.optional(),
    prosecutionFileRef: ref.optional(),
    courtFileRef: ref.optional(),
    courtOfAppeal: text.optional(),
    jurisdiction: text.optional(),
    /** A court (organisation of a justice type) that also sees the proceeding. */
    courtOrganisationId: ZId.nullable().optional(),
    offences: z.array(ZOffence).min(1).max(OFFENCES.length),
    stage: ZProceedingStage,
    ...stageDates,
    notes: z.string().trim().max(10000).optional(),
  })
  .strict();
export type TProceedingCreate = z.output<typeof ZProceedingCreate>;

export const ZProceedingUpdate = ZProceedingCreate.partial().extend({ version: z.number().int().min(1) }).strict();
export type TProceedingUpdate = z.output<typeof ZProceedingUpdate>;

export const ZDefendantCreate = z
  .object({
    /** Identifying data: encrypted, shown to justice users only. */
    givenNames: personName.optional(),
    familyName: personName.optional(),
    aliases: z.array(ZPlainName(200)).max(20).default([]),
    idNumbers: z.array(ref.min(1)).max(10).default([]),
    sex: ZSex,
    ageGroup: z.enum(DEFENDANT_AGE_GROUPS),
    nationality: ZCountryCode.nullable().optional(),
    roles: z.array(z.enum(DEFENDANT_ROLES)).min(1).max(DEFENDANT_ROLES.length),
    relationshipToVictim: z.enum(RELATIONSHIPS),
    prosecuted: z.boolean().default(false),
  })
  .strict();

/** Outcome, sentence, assets and compensation of one defendant (two recordings at once → 409). */
export const ZDefendantUpdate = z
  .object({
    version: z.number().int().min(1),
    prosecuted: z.boolean().optional(),
    outcome: z.enum(OUTCOMES).nullable().optional(),
    outcomeOn: ZDate.nullable().optional(),
    sentenceMonths: z.number().int().min(0).max(1200).nullable().optional(),
    suspendedSentence: z.boolean().optional(),
    fineMad: money.nullable().optional(),
    confiscatedAssetsMad: money.nullable().optional(),
    compensationOrderedMad: money.nullable().optional(),
    compensationPaidMad: money.nullable().optional(),
  })
  .strict();

export const ZVictimLink = z.object({ caseId: ZId, roles: z.array(z.enum(VICTIM_ROLES)).max(VICTIM_ROLES.length).default([]) }).strict();

export const ZMeasureCreate = z
  .object({
    measure: z.enum(MEASURES),
    requestedBy: z.enum(MEASURE_REQUESTERS),
    requestedOn: ZDate,
    status: z.enum(MEASURE_STATUSES).default('requested'),
    decidedBy: z.enum(MEASURE_DECIDERS).nullable().optional(),
    decidedOn: ZDate.nullable().optional(),
  })
  .strict();
export const ZMeasureUpdate = z
  .object({ version: z.number().int().min(1), status: z.enum(MEASURE_STATUSES), decidedBy: z.enum(MEASURE_DECIDERS).nullable().optional(), decidedOn: ZDate.nullable().optional() })
  .strict();

export const ZHearingCreate = z
  .object({
    kind: z.enum(HEARING_KINDS),
    /** Local date and time (Africa/Casablanca). */
    date: ZDate,
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time'),
    place: text.optional(),
  })
  .strict();
export const ZHearingUpdate = z.object({ version: z.number().int().min(1), status: z.enum(HEARING_STATUSES) }).strict();

export const ZNonPunishmentCreate = z
  .object({
    offence: ZAccusedVictimOffence,
    accusedOn: ZDate,
    /** Where the person is prosecuted (file number, court): not personal data. */
    proceedingRef: ref.optional(),
  })
  .strict();
export const ZNonPunishmentUpdate = z.object({ version: z.number().int().min(1), status: z.enum(NON_PUNISHMENT_STATUSES) }).strict();

/** ISO 4217 currency code (MAD by default). */
const ZCurrency = z.string().regex(/^[A-Z]{3}$/, 'currency');

/** The victim's compensation claim as a civil party (one per victim in a proceeding). */
export const ZCompensationClaimCreate = z
  .object({
    filedOn: ZDate,
    amountClaimed: money,
    currency: ZCurrency.default('MAD'),
    representedBy: z.enum(CLAIM_REPRESENTATIVES),
    /** The lawyer's or association's name (encrypted). */
    representativeName: ZPlainName(200, 0).optional(),
  })
  .strict();
export type TCompensationClaimCreate = z.input<typeof ZCompensationClaimCreate>;

/**
 * The claim, the order that answers it (only once the proceeding has a judgment: first instance, or appeal
 * once appealed) and its payment. Versioned: two recordings at once give one 409.
 */
export const ZCompensationClaimUpdate = z
  .object({
    version: z.number().int().min(1),
    filedOn: ZDate.optional(),
    amountClaimed: money.optional(),
    currency: ZCurrency.optional(),
    representedBy: z.enum(CLAIM_REPRESENTATIVES).optional(),
    representativeName: ZPlainName(200, 0).nullable().optional(),
    orderedOn: ZDate.nullable().optional(),
    orderInstance: z.enum(ORDER_INSTANCES).nullable().optional(),
    amountOrdered: money.nullable().optional(),
    paymentStatus: z.enum(PAYMENT_STATUSES).nullable().optional(),
    amountPaid: money.nullable().optional(),
    paidOn: ZDate.nullable().optional(),
  })
  .strict();
export type TCompensationClaimUpdate = z.input<typeof ZCompensationClaimUpdate>;

export const ZCompensationClaim = z.object({
  id: ZId,
  filedOn: ZDate,
  amountClaimed: z.number().int(),
  currency: z.string(),
  representedBy: z.enum(CLAIM_REPRESENTATIVES),
  representativeName: z.string().nullable(),
  orderedOn: ZDate.nullable(),
  orderInstance: z.enum(ORDER_INSTANCES).nullable(),
  amountOrdered: z.number().int().nullable(),
  paymentStatus: z.enum(PAYMENT_STATUSES).nullable(),
  amountPaid: z.number().int().nullable(),
  paidOn: ZDate.nullable(),
  updatedAt: ZInstant,
  version: z.number().int(),
});
export type TCompensationClaim = z.infer<typeof ZCompensationClaim>;

export const ZRevealContact = z.object({ reason: z.string().trim().min(10).max(2000) }).strict();
export const ZRevealedContact = z.object({ caseReference: z.string(), contacts: z.array(ZContact), revealedAt: ZInstant });

export const ZMeasure = z.object({
  id: ZId,
  measure: z.enum(MEASURES),
  requestedBy: z.enum(MEASURE_REQUESTERS),
  requestedOn: ZDate,
  status: z.enum(MEASURE_STATUSES),
  decidedBy: z.enum(MEASURE_DECIDERS).nullable(),
  decidedOn: ZDate.nullable(),
  version: z.number().int(),
});
export const ZHearing = z.object({
  id: ZId,
  kind: z.enum(HEARING_KINDS),
  scheduledAt: ZInstant,
  place: z.string().nullable(),
  status: z.enum(HEARING_STATUSES),
  version: z.number().int(),
});
export const ZNonPunishment = z.object({
  id: ZId,
  caseId: ZId,
  offence: z.string(),
  accusedOn: ZDate,
  proceedingRef: z.string().nullable(),
  status: z.enum(NON_PUNISHMENT_STATUSES),
  recordedBy: z.string(),
  createdAt: ZInstant,
  version: z.number().int(),
});

/** What a justice user sees of a victim: the minimum (no name, address or contact). */
export const ZProceedingVictim = z.object({
  id: ZId,
  caseId: ZId,
  caseReference: z.string(),
  pseudonym: z.string(),
  sex: ZSex,
  ageGroup: z.enum(['child', 'adult', 'unknown']),
  managingOrganisation: z.string(),
  roles: z.array(z.enum(VICTIM_ROLES)),
  measures: z.array(ZMeasure),
  nonPunishment: z.array(ZNonPunishment),
  /** The victim's claim as a civil party, the order and its payment (null: no claim recorded). */
  compensation: ZCompensationClaim.nullable(),
});

export const ZDefendant = z.object({
  id: ZId,
  givenNames: z.string().nullable(),
  familyName: z.string().nullable(),
  aliases: z.array(z.string()),
  idNumbers: z.array(z.string()),
  sex: ZSex,
  ageGroup: z.enum(DEFENDANT_AGE_GROUPS),
  nationality: z.string().nullable(),
  roles: z.array(z.enum(DEFENDANT_ROLES)),
  relationshipToVictim: z.enum(RELATIONSHIPS),
  prosecuted: z.boolean(),
  outcome: z.enum(OUTCOMES).nullable(),
  outcomeOn: ZDate.nullable(),
  sentenceMonths: z.number().int().nullable(),
  suspendedSentence: z.boolean(),
  fineMad: z.number().int().nullable(),
  confiscatedAssetsMad: z.number().int().nullable(),
  compensationOrderedMad: z.number().int().nullable(),
  compensationPaidMad: z.number().int().nullable(),
  version: z.number().int(),
});

const stageDatesOut = {
  complaintOn: ZDate,
  investigationOn: ZDate.nullable(),
  prosecutionOn: ZDate.nullable(),
  trialOn: ZDate.nullable(),
  judgmentOn: ZDate.nullable(),
  appealOn: ZDate.nullable(),
  finalOn: ZDate.nullable(),
};

export const ZProceedingSummary = z.object({
  id: ZId,
  reference: z.string(),
  stage: ZProceedingStage,
  offences: z.array(z.string()),
  courtOfAppeal: z.string().nullable(),
  jurisdiction: z.string().nullable(),
  ownerOrganisation: z.string(),
  victims: z.number().int(),
  defendants: z.number().int(),
  nextHearingAt: ZInstant.nullable(),
  updatedAt: ZInstant,
});
export const ZProceedingList = z.object({ items: z.array(ZProceedingSummary) });

export const ZProceeding = z.object({
  id: ZId,
  reference: z.string(),
  version: z.number().int(),
  policeReportRef: z.string().nullable(),
  prosecutionFileRef: z.string().nullable(),
  courtFileRef: z.string().nullable(),
  courtOfAppeal: z.string().nullable(),
  jurisdiction: z.string().nullable(),
  courtOrganisation: z.object({ id: ZId, name: z.string() }).nullable(),
  ownerOrganisation: z.object({ id: ZId, name: z.string() }),
  offences: z.array(z.string()),
  stage: ZProceedingStage,
  ...stageDatesOut,
  notes: z.string().nullable(),
  defendants: z.array(ZDefendant),
  victims: z.array(ZProceedingVictim),
  hearings: z.array(ZHearing),
  createdAt: ZInstant,
  updatedAt: ZInstant,
});
export type TProceeding = z.infer<typeof ZProceeding>;

/** A victim's case seen from the managing organisation: hearings and measures, never defendants. */
export const ZCaseJustice = z.object({
  proceedings: z.array(
    z.object({
      id: ZId,
      reference: z.string(),
      stage: ZProceedingStage,
      courtOfAppeal: z.string().nullable(),
      jurisdiction: z.string().nullable(),
      roles: z.array(z.enum(VICTIM_ROLES)),
      measures: z.array(ZMeasure),
      hearings: z.array(ZHearing),
      /** This victim's own claim, order and payment (never another victim's). */
      compensation: ZCompensationClaim.nullable(),
    }),
  ),
  nonPunishment: z.array(ZNonPunishment),
  abilities: z.object({ recordNonPunishment: z.boolean() }),
});
export type TCaseJustice = z.infer<typeof ZCaseJustice>;

/** A case a justice user may link as a victim (only cases their organisation can see). */
export const ZVictimCandidate = z.object({ caseId: ZId, caseReference: z.string(), pseudonym: z.string(), sex: ZSex, managingOrganisation: z.string() });
export const ZVictimCandidateList = z.object({ items: z.array(ZVictimCandidate) });
export const ZVictimCandidateQuery = z.object({ q: z.string().trim().max(50).optional() });

/** A statistics cell after disclosure control: `value` is null when suppressed. */
export const ZCell = z.object({ value: z.number().nullable(), suppressed: z.boolean() });
export type TCell = z.infer<typeof ZCell>;
export const ZTable2 = z.object({
  rows: z.array(z.string()),
  cols: z.array(z.string()),
  cells: z.array(z.array(ZCell)),
  rowTotals: z.array(ZCell),
  colTotals: z.array(ZCell),
  total: ZCell,
});
export type TTable2 = z.infer<typeof ZTable2>;
export const ZTable1 = z.object({ keys: z.array(z.string()), cells: z.array(ZCell), total: ZCell });
export type TTable1 = z.infer<typeof ZTable1>;

export const ZJusticeStatistics = z.object({
  threshold: z.number().int(),
  year: z.number().int().nullable(),
  /** Persons by sex (rows) × citizenship (moroccan / foreign / unknown). */
  suspects: ZTable2,
  prosecuted: ZTable2,
  convicted: ZTable2,
  proceedingsByStage: ZTable1,
  /** Median days from complaint to first-instance judgment, over `n` proceedings (suppressed when n < threshold). */
  medianDaysComplaintToJudgment: ZCell,
  judgedProceedings: ZCell,
  compensation: z.object({ defendantsOrdered: ZCell, orderedMad: ZCell, paidMad: ZCell, defendantsPaidInFull: ZCell }),
  /** How often presumed or identified victims are prosecuted, by outcome. */
  nonPunishment: ZTable1,
});
export type TJusticeStatistics = z.infer<typeof ZJusticeStatistics>;
export const ZJusticeStatisticsQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
