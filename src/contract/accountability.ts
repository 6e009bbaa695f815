/**
 * Accountability under law 09-08: the register of processing activities (generated from the installation's own
 * configuration, for the CNDP) and the breach log with the timeline a notification needs.
 */
import { z } from 'zod';
import { ZLanguage } from './auth';
import { DATA_CATEGORIES, ORGANISATION_TYPES, ZDataCategory, ZDate, ZId, ZInstant } from './common';
import { RETENTION_ACTIONS, RETENTION_CLOCKS, RETENTION_KINDS } from './retention';

export const PROCESSING_SUBJECTS = ['presumed_victims', 'children', 'defendants', 'anonymous_notifications', 'staff'] as const;
/** The security measures the register lists, each with the values read from the running configuration. */
export const SECURITY_MEASURES = ['field_encryption', 'per_person_keys', 'need_to_know', 'audit_chain', 'second_factor', 'sessions', 'sign_in_throttle', 'disclosure_control', 'erasure_ledger'] as const;

export const ZProcessingRegisterQuery = z.object({ lang: ZLanguage.optional(), format: z.enum(['json', 'download']).optional() }).strict();

export const ZProcessingRegister = z.object({
  generatedAt: ZInstant,
  language: ZLanguage,
  notes: z.string(),
  controller: z.object({ name: z.string(), dpoContact: z.string() }),
  activities: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      purpose: z.string(),
      legalBasis: z.string(),
      subjects: z.array(z.enum(PROCESSING_SUBJECTS)),
      categories: z.array(ZDataCategory),
      sensitive: z.boolean(),
      /** Organisation types that receive or record the data, with how many organisations of each the directory holds. */
      recipients: z.array(z.object({ type: z.enum(ORGANISATION_TYPES), organisations: z.number().int() })),
      retention: z.array(z.object({ kind: z.enum(RETENTION_KINDS), clock: z.enum(RETENTION_CLOCKS), months: z.number().int().nullable(), days: z.number().int().nullable(), action: z.enum(RETENTION_ACTIONS) })),
    }),
  ),
  security: z.array(z.object({ measure: z.enum(SECURITY_MEASURES), values: z.record(z.string(), z.union([z.string(), z.number()])) })),
});
export type TProcessingRegister = z.infer<typeof ZProcessingRegister>;

export const BREACH_NATURES = ['confidentiality', 'integrity', 'availability'] as const;
const ZText = z.string().trim().min(3).max(4000);
const ZVersion = z.number().int().min(1);
/** An instant with its offset, as a browser sends it (stored in UTC). */
const ZWhen = z.iso.datetime({ offset: true });

export const ZBreachCreate = z
  .object({
    detectedAt: ZWhen,
    occurredFrom: ZDate.optional(),
    occurredTo: ZDate.optional(),
    natures: z.array(z.enum(BREACH_NATURES)).min(1).max(3),
    categories: z.array(ZDataCategory).max(DATA_CATEGORIES.length).default([]),
    /** Approximate number of persons concerned, if known. */
    personsAffected: z.number().int().min(0).max(10_000_000).optional(),
    description: ZText,
    consequences: ZText.optional(),
    measures: ZText.optional(),
  })
  .strict();

export const ZBreachUpdate = z
  .object({
    version: ZVersion,
    occurredFrom: ZDate.nullable().optional(),
    occurredTo: ZDate.nullable().optional(),
    natures: z.array(z.enum(BREACH_NATURES)).min(1).max(3).optional(),
    categories: z.array(ZDataCategory).max(DATA_CATEGORIES.length).optional(),
    personsAffected: z.number().int().min(0).max(10_000_000).nullable().optional(),
    description: ZText.optional(),
    consequences: ZText.nullable().optional(),
    measures: ZText.nullable().optional(),
    cndpNotifiedAt: ZWhen.nullable().optional(),
    personsInformedAt: ZWhen.nullable().optional(),
    /** Why the persons concerned are not informed (e.g. the data were encrypted and the key not exposed). */
    personsNotInformedReason: ZText.nullable().optional(),
    closed: z.boolean().optional(),
  })
  .strict();

export const ZBreach = z.object({
  id: ZId,
  reference: z.string(),
  detectedAt: ZInstant,
  occurredFrom: ZDate.nullable(),
  occurredTo: ZDate.nullable(),
  natures: z.array(z.enum(BREACH_NATURES)),
  categories: z.array(ZDataCategory),
  personsAffected: z.number().int().nullable(),
  description: z.string(),
  consequences: z.string().nullable(),
  measures: z.string().nullable(),
  /** detectedAt + the notification delay (data/config/processing.json). */
  notificationDueAt: ZInstant,
  /** Not notified and past `notificationDueAt`; or notified after it (`notifiedLate`). */
  notificationOverdue: z.boolean(),
  notifiedLate: z.boolean(),
  cndpNotifiedAt: ZInstant.nullable(),
  personsInformedAt: ZInstant.nullable(),
  personsNotInformedReason: z.string().nullable(),
  status: z.enum(['open', 'closed']),
  closedAt: ZInstant.nullable(),
  recordedBy: z.string(),
  createdAt: ZInstant,
  updatedAt: ZInstant,
  version: z.number().int(),
});
export type TBreach = z.infer<typeof ZBreach>;
export const ZBreachList = z.object({ items: z.array(ZBreach), notifyWithinHours: z.number().int() });
export type TBreachList = z.infer<typeof ZBreachList>;
