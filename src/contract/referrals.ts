/**
 * Referrals and services: the directory of services (with capacity), consent as data, referrals to a
 * service (not to a named person) with their state machine, service deliveries, transfers of case
 * management, and the referral pathway (per case, and between organisation types for supervisors).
 */
import { z } from 'zod';
import { SERVICE_TYPE_CODES, ZServiceTypeCode } from './reference';
import { ZDataCategory, ZDate, ZId, ZInstant, ZLanguageCode, ZOrganisationType, ZPlainName, ZRef, ZRegionCode, ZCountryCode } from './common';

/** Types of service: reference data (`data/reference/service-types.json`, fr/ar/en labels), see contract/reference. */
export const SERVICE_TYPES = SERVICE_TYPE_CODES;
export const ZServiceType = ZServiceTypeCode;
export type TServiceType = z.infer<typeof ZServiceType>;

export const SERVICE_AUDIENCES = ['adults', 'children', 'all'] as const;
export const STAFF_SEXES = ['female', 'male'] as const;
export const ACCESSIBILITY = ['wheelchair', 'sign_language', 'easy_read', 'childcare', 'night_reception'] as const;

/** A list whose entries are rows keyed by value (service_regions, service_languages): the same value twice is refused. */
const uniqueList = <T extends z.ZodType>(item: T, min: number, max: number) =>
  z.array(item).min(min).max(max).refine((a) => new Set(a).size === a.length, { message: 'duplicate_value' });

const ZServiceFields = {
  name: ZPlainName(200, 3),
  type: ZServiceType,
  description: z.string().trim().max(2000).nullable(),
  regions: uniqueList(ZRegionCode, 1, 12),
  audience: z.enum(SERVICE_AUDIENCES),
  /** Empty: every sex. */
  sexes: z.array(z.enum(['female', 'male'])).max(2),
  minAge: z.number().int().min(0).max(120).nullable(),
  maxAge: z.number().int().min(0).max(120).nullable(),
  /** Empty: every nationality. */
  nationalities: z.array(ZCountryCode).max(50),
  languages: uniqueList(ZLanguageCode, 1, 20),
  staffSexes: z.array(z.enum(STAFF_SEXES)).max(2),
  accessibility: z.array(z.enum(ACCESSIBILITY)).max(ACCESSIBILITY.length),
  openingHours: z.string().trim().max(300).nullable(),
  /** The service's own (organisational) contact; never a victim's. */
  contactPhone: z.string().trim().max(40).nullable(),
  contactEmail: z.email().max(200).nullable(),
  /** Places in all (e.g. shelter beds); null when the service does not count places. */
  capacityTotal: z.number().int().min(0).max(100000).nullable(),
};

export const ZServiceCreate = z
  .object({
    ...ZServiceFields,
    description: ZServiceFields.description.optional(),
    sexes: ZServiceFields.sexes.default([]),
    minAge: ZServiceFields.minAge.optional(),
    maxAge: ZServiceFields.maxAge.optional(),
    nationalities: ZServiceFields.nationalities.default([]),
    staffSexes: ZServiceFields.staffSexes.default([]),
    accessibility: ZServiceFields.accessibility.default([]),
    openingHours: ZServiceFields.openingHours.optional(),
    contactPhone: ZServiceFields.contactPhone.optional(),
    contactEmail: ZServiceFields.contactEmail.optional(),
    capacityTotal: ZServiceFields.capacityTotal.optional(),
    /** Free places now (defaults to the total). */
    capacityAvailable: z.number().int().min(0).max(100000).nullable().optional(),
  })
  .strict();
export type TServiceCreate = z.input<typeof ZServiceCreate>;

export const ZServiceUpdate = z
  .object(ZServiceFields)
  .partial()
  .extend({ version: z.number().int().min(1), active: z.boolean().optional() })
  .strict();
export type TServiceUpdate = z.input<typeof ZServiceUpdate>;

/** The provider says how many places are free now (recorded with who and when). */
export const ZCapacityUpdate = z.object({ version: z.number().int().min(1), available: z.number().int().min(0).max(100000) }).strict();

export const ZService = z.object({
  id: ZId,
  organisation: ZRef.extend({ type: ZOrganisationType }),
  name: z.string(),
  type: ZServiceType,
  description: z.string().nullable(),
  regions: z.array(z.string()),
  audience: z.enum(SERVICE_AUDIENCES),
  sexes: z.array(z.string()),
  minAge: z.number().int().nullable(),
  maxAge: z.number().int().nullable(),
  nationalities: z.array(z.string()),
  languages: z.array(z.string()),
  staffSexes: z.array(z.string()),
  accessibility: z.array(z.string()),
  openingHours: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  capacityTotal: z.number().int().nullable(),
  capacityAvailable: z.number().int().nullable(),
  capacityUpdatedAt: ZInstant.nullable(),
  capacityUpdatedBy: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
  /** Whether the caller's organisation runs it (may edit it and update its capacity). */
  own: z.boolean(),
  /**
   * In a search by region: the service's region nearest to the searched one and the distance between their
   * centroids in km (0 in the region itself); absent elsewhere.
   */
  nearestRegionCode: z.string().optional(),
  distanceKm: z.number().int().optional(),
});
export type TService = z.infer<typeof ZService>;

export const ZServiceQuery = z.object({
  type: ZServiceType.optional(),
  regionCode: ZRegionCode.optional(),
  language: ZLanguageCode.optional(),
  audience: z.enum(['adults', 'children']).optional(),
  /** Only services with a free place (or that do not count places). */
  available: z.enum(['true', 'false']).optional(),
  organisationId: ZId.optional(),
  q: z.string().trim().min(2).max(100).optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
  /** With a region: when nothing matches there, the matching services of the other regions, nearest first. */
  widen: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TServiceQuery = z.input<typeof ZServiceQuery>;
export const ZServiceList = z.object({
  items: z.array(ZService),
  /** Services per region for the map (same filters, all regions). */
  byRegion: z.array(z.object({ regionCode: z.string(), services: z.number().int(), available: z.number().int() })),
  /**
   * Set when the searched region had no matching service and the search was widened (`widen=true`): the items
   * come from the nearest regions, ordered by distance (centroid to centroid), and these are those regions.
   */
  widened: z.object({ fromRegionCode: z.string(), regions: z.array(z.object({ regionCode: z.string(), distanceKm: z.number().int() })) }).nullable(),
});

// ——— Consent ———

export const CONSENT_PURPOSES = ['assistance', 'sharing', 'proceedings', 'statistics'] as const;
export const ZConsentPurpose = z.enum(CONSENT_PURPOSES);

export const ZConsentCreate = z
  .object({
    purpose: ZConsentPurpose,
    /** For sharing: with one organisation, or with any service of a type. */
    recipientOrganisationId: ZId.nullable().optional(),
    recipientServiceType: ZServiceType.nullable().optional(),
    categories: z.array(ZDataCategory).max(5),
    method: z.enum(['oral', 'written']),
    interpreterUsed: z.boolean(),
    language: ZLanguageCode,
    givenBy: z.enum(['person', 'guardian']),
    /** Required when a guardian consents for a child. */
    guardianName: ZPlainName(200, 2).nullable().optional(),
    /** The child's own view, recorded when a guardian consents. */
    childView: z.string().trim().max(5000).nullable().optional(),
    givenOn: ZDate,
    expiresOn: ZDate.nullable().optional(),
    notes: z.string().trim().max(5000).nullable().optional(),
  })
  .strict();
export type TConsentCreate = z.input<typeof ZConsentCreate>;

export const ZConsentWithdraw = z.object({ version: z.number().int().min(1), reason: z.string().trim().max(2000).optional() }).strict();

export const ZConsent = z.object({
  id: ZId,
  caseId: ZId,
  purpose: ZConsentPurpose,
  recipientOrganisation: ZRef.nullable(),
  recipientServiceType: ZServiceType.nullable(),
  categories: z.array(ZDataCategory),
  method: z.enum(['oral', 'written']),
  interpreterUsed: z.boolean(),
  language: z.string(),
  givenBy: z.enum(['person', 'guardian']),
  guardianName: z.string().nullable(),
  childView: z.string().nullable(),
  givenOn: z.string(),
  expiresOn: z.string().nullable(),
  notes: z.string().nullable(),
  state: z.enum(['active', 'expired', 'withdrawn']),
  withdrawnAt: ZInstant.nullable(),
  withdrawalReason: z.string().nullable(),
  recordedBy: z.string(),
  organisation: ZRef,
  createdAt: ZInstant,
  version: z.number().int(),
});
export type TConsent = z.infer<typeof ZConsent>;
export const ZConsentList = z.object({ items: z.array(ZConsent), canRecord: z.boolean() });

// ——— Referrals ———

export const URGENCIES = ['urgent', 'high', 'normal'] as const;
export const ZUrgency = z.enum(URGENCIES);
export const REFERRAL_STATUSES = ['sent', 'accepted', 'declined', 'expired', 'in_progress', 'completed', 'closed', 'revoked'] as const;
export const ZReferralStatus = z.enum(REFERRAL_STATUSES);
export type TReferralStatus = z.infer<typeof ZReferralStatus>;
export const REFERRAL_ACTIONS = ['accept', 'decline', 'start', 'complete', 'close', 'revoke', 'acknowledge'] as const;
export const ZReferralAction = z.enum(REFERRAL_ACTIONS);
export type TReferralAction = z.infer<typeof ZReferralAction>;
export const DECLINE_REASONS = ['no_capacity', 'not_eligible', 'outside_area', 'service_unavailable', 'person_declined', 'other'] as const;
export const CLOSE_REASONS = ['person_left', 'no_longer_needed', 'person_declined', 'consent_withdrawn', 'other'] as const;

export const ZReferralCreate = z
  .object({
    serviceId: ZId,
    urgency: ZUrgency,
    reason: z.string().trim().min(5).max(5000),
    /** What is shared. Every category must be covered by a live consent (unless the legal basis is child protection). */
    categories: z.array(ZDataCategory).max(5),
    /** The consent the sharing relies on; omitted for a child referred to child protection (recorded as such). */
    consentId: ZId.nullable().optional(),
    message: z.string().trim().max(5000).nullable().optional(),
  })
  .strict();
export type TReferralCreate = z.input<typeof ZReferralCreate>;

export const ZReferralTransition = z
  .object({
    version: z.number().int().min(1),
    action: ZReferralAction,
    /** Declining needs a reason code; closing too. */
    reasonCode: z.enum([...DECLINE_REASONS, ...CLOSE_REASONS.filter((r) => !(DECLINE_REASONS as readonly string[]).includes(r))]).optional(),
    note: z.string().trim().max(5000).optional(),
  })
  .strict();
export type TReferralTransition = z.input<typeof ZReferralTransition>;

export const DELIVERY_UNITS = ['nights', 'consultations', 'sessions', 'hearings', 'hours', 'items', 'days'] as const;
export const DELIVERY_OUTCOMES = ['delivered', 'partly_delivered', 'not_attended', 'refused'] as const;
export const ZDeliveryCreate = z
  .object({
    deliveredOn: ZDate,
    /** Until when, for a stay (nights are counted from the dates when omitted). */
    endedOn: ZDate.nullable().optional(),
    units: z.number().int().min(0).max(10000),
    unit: z.enum(DELIVERY_UNITS),
    outcome: z.enum(DELIVERY_OUTCOMES),
    note: z.string().trim().max(5000).nullable().optional(),
  })
  .strict();
export type TDeliveryCreate = z.input<typeof ZDeliveryCreate>;

export const ZDelivery = z.object({
  id: ZId,
  deliveredOn: z.string(),
  endedOn: z.string().nullable(),
  units: z.number().int(),
  unit: z.enum(DELIVERY_UNITS),
  outcome: z.enum(DELIVERY_OUTCOMES),
  note: z.string().nullable().optional(),
  recordedBy: z.string(),
  organisation: z.string(),
  createdAt: ZInstant,
});

export const ZReferralEvent = z.object({
  fromStatus: ZReferralStatus.nullable(),
  toStatus: ZReferralStatus,
  action: z.string(),
  reasonCode: z.string().nullable(),
  note: z.string().nullable().optional(),
  by: z.string(),
  organisation: z.string(),
  at: ZInstant,
});

export const ZReferral = z.object({
  id: ZId,
  caseId: ZId,
  caseReference: z.string(),
  /** The person's pseudonym (never the name in lists). */
  pseudonym: z.string(),
  fromOrganisation: ZRef,
  fromUser: z.string(),
  toOrganisation: ZRef,
  service: z.object({ id: ZId, name: z.string(), type: ZServiceType }),
  urgency: ZUrgency,
  reason: z.string().optional(),
  message: z.string().nullable().optional(),
  categories: z.array(ZDataCategory),
  /** What the receiving service needs to know to decide, without identifying the person (detail only). */
  profile: z
    .object({ sex: z.string(), ageGroup: z.string(), treatedAsChild: z.boolean(), languages: z.array(z.string()), interpreterNeeded: z.boolean(), nationalities: z.array(z.string()) })
    .optional(),
  legalBasis: z.enum(['consent', 'child_protection']),
  consentId: ZId.nullable(),
  status: ZReferralStatus,
  respondBy: ZInstant,
  expiresAt: ZInstant,
  sentAt: ZInstant,
  respondedAt: ZInstant.nullable(),
  firstServiceAt: z.string().nullable(),
  endedAt: ZInstant.nullable(),
  /** Declined or expired referrals wait in the sender's queue until followed up. */
  needsFollowUp: z.boolean(),
  version: z.number().int(),
  /** The actions the caller may take now. */
  actions: z.array(ZReferralAction),
  canRecordDelivery: z.boolean(),
  deliveries: z.array(ZDelivery),
  events: z.array(ZReferralEvent),
});
export type TReferral = z.infer<typeof ZReferral>;

export const ZReferralQuery = z.object({
  box: z.enum(['incoming', 'outgoing']).default('incoming'),
  status: z.enum([...REFERRAL_STATUSES, 'open', 'follow_up']).optional(),
  caseId: ZId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export const ZReferralSummary = ZReferral.omit({ deliveries: true, events: true, reason: true, message: true, profile: true });
export const ZReferralList = z.object({ items: z.array(ZReferralSummary) });

/** What the sender's form needs: the consents that cover each category for a service, and the minimum. */
export const ZReferralOptions = z.object({
  service: z.object({ id: ZId, name: z.string(), type: ZServiceType, organisation: ZRef }),
  /** Categories the configuration considers the minimum for this type of service. */
  minimumCategories: z.array(ZDataCategory),
  consents: z.array(z.object({ id: ZId, categories: z.array(ZDataCategory), expiresOn: z.string().nullable(), recipient: z.string() })),
  /** A child referred to child protection: no consent needed (recorded as the legal basis). */
  childProtectionBasis: z.boolean(),
  eligibility: z.array(z.enum(['sex', 'age', 'audience', 'nationality', 'region', 'language', 'no_capacity', 'inactive'])),
});

/** In-app notifications about referrals and transfers (never with personal data). */
export const REFERRAL_NOTIFICATION_KINDS = [
  'referral_received', 'referral_accepted', 'referral_declined', 'referral_in_progress', 'referral_completed', 'referral_closed', 'referral_revoked',
  'referral_expired', 'referral_consent_withdrawn', 'referral_service_delivered', 'transfer_requested', 'transfer_accepted', 'transfer_declined',
] as const;

// ——— Transfers ———

export const ZTransferCreate = z.object({ toOrganisationId: ZId, reason: z.string().trim().min(5).max(5000) }).strict();
export const ZTransferResponse = z
  .object({ version: z.number().int().min(1), action: z.enum(['accept', 'decline', 'cancel']), note: z.string().trim().max(5000).optional() })
  .strict();
export const ZTransfer = z.object({
  id: ZId,
  caseId: ZId,
  caseReference: z.string(),
  fromOrganisation: ZRef,
  toOrganisation: ZRef,
  reason: z.string().optional(),
  status: z.enum(['pending', 'accepted', 'declined', 'cancelled']),
  requestedBy: z.string(),
  respondedBy: z.string().nullable(),
  respondedAt: ZInstant.nullable(),
  note: z.string().nullable().optional(),
  createdAt: ZInstant,
  version: z.number().int(),
  actions: z.array(z.enum(['accept', 'decline', 'cancel'])),
});
export type TTransfer = z.infer<typeof ZTransfer>;
export const ZTransferList = z.object({ items: z.array(ZTransfer) });

// ——— Pathway ———

export const ZPathwayEvent = z.object({
  at: ZInstant,
  kind: z.enum(['registered', 'screening', 'identification_decision', 'consent', 'consent_withdrawn', 'referral', 'service', 'transfer']),
  /** Referral status, delivery unit, decision status…: a code the web app translates. */
  code: z.string().nullable(),
  organisation: z.string(),
  counterpart: z.string().nullable(),
  referralId: ZId.nullable(),
  /** For a service delivered: the day, and how many units of what. */
  date: z.string().nullable().optional(),
  units: z.number().int().nullable().optional(),
});
export const ZCasePathway = z.object({ caseId: ZId, events: z.array(ZPathwayEvent) });

export const ZPathwayStatsQuery = z.object({ from: ZDate.optional(), to: ZDate.optional() });
/** Durations in days (calendar days in Casablanca time), as a median and a 90th percentile. */
const ZDurations = z.object({ count: z.number().int(), medianDays: z.number().nullable(), p90Days: z.number().nullable() });
export const ZPathwayStats = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** Referrals between organisation types (who refers to whom). */
  flows: z.array(
    z.object({
      fromType: ZOrganisationType,
      toType: ZOrganisationType,
      referrals: z.number().int(),
      accepted: z.number().int(),
      declined: z.number().int(),
      expired: z.number().int(),
      acceptanceRate: z.number().nullable(),
    }),
  ),
  /** From registration to the first referral, and from the first referral to the first service delivered. */
  timeToReferral: ZDurations,
  timeToFirstService: ZDurations,
  /** Identified or presumed victims (cases) in scope that received at least one service. */
  casesWithService: z.number().int(),
  cases: z.number().int(),
});
export type TPathwayStats = z.infer<typeof ZPathwayStats>;

/** What waits for the caller and their organisation (counts only). */
export const ZInbox = z.object({
  incomingReferrals: z.number().int(),
  followUps: z.number().int(),
  openTasks: z.number().int(),
  overdueTasks: z.number().int(),
  incomingTransfers: z.number().int(),
  unreadNotifications: z.number().int(),
});
