/**
 * The rights of the persons recorded (law 09-08 on personal data): a register of the requests a person makes to
 * the organisation that holds their record — access, rectification, objection, restriction, erasure — with the
 * legal deadline, how the requester's identity was checked, the decision and its reason, and when the answer was
 * sent. An access request is answered with a complete export of what is held (JSON and PDF).
 */
import { z } from 'zod';
import { ZDate, ZId, ZInstant, ZRef } from './common';

export const SUBJECT_REQUEST_KINDS = ['access', 'rectification', 'objection', 'restriction', 'erasure'] as const;
export const ZSubjectRequestKind = z.enum(SUBJECT_REQUEST_KINDS);
export type TSubjectRequestKind = z.infer<typeof ZSubjectRequestKind>;

export const SUBJECT_REQUEST_STATUSES = ['received', 'in_progress', 'granted', 'partly_granted', 'refused', 'withdrawn'] as const;
export const ZSubjectRequestStatus = z.enum(SUBJECT_REQUEST_STATUSES);
export type TSubjectRequestStatus = z.infer<typeof ZSubjectRequestStatus>;

/** A request still being handled: the retention code treats one on a person as a legal hold. */
export const OPEN_SUBJECT_REQUEST_STATUSES = ['received', 'in_progress'] as const satisfies readonly TSubjectRequestStatus[];
/** How a request ends (the decision). */
export const SUBJECT_REQUEST_DECISIONS = ['granted', 'partly_granted', 'refused', 'withdrawn'] as const satisfies readonly TSubjectRequestStatus[];
export const ZSubjectRequestDecision = z.enum(SUBJECT_REQUEST_DECISIONS);
/** A refusal or a partial grant must say why (e.g. an ongoing criminal proceeding). */
export const REASON_REQUIRED_FOR: readonly TSubjectRequestStatus[] = ['refused', 'partly_granted'];

/** The languages the access export is written in (the person's language among them). */
export const ACCESS_EXPORT_LANGUAGES = ['fr', 'ar', 'en', 'es'] as const;
export const ZAccessExportLanguage = z.enum(ACCESS_EXPORT_LANGUAGES);
export type TAccessExportLanguage = z.infer<typeof ZAccessExportLanguage>;

const ZFreeText = z.string().trim().min(3).max(2000);
const ZVersion = z.number().int().min(1);

export const ZSubjectRequestCreate = z
  .object({
    kind: ZSubjectRequestKind,
    /** The day the request reached the organisation: the legal deadline counts from it. */
    receivedOn: ZDate,
    /** How the requester's identity was checked, when it already was (encrypted). */
    identityCheck: ZFreeText.optional(),
  })
  .strict();
export type TSubjectRequestCreate = z.input<typeof ZSubjectRequestCreate>;

export const ZIdentityCheck = z.object({ version: ZVersion, identityCheck: ZFreeText }).strict();
export type TIdentityCheck = z.input<typeof ZIdentityCheck>;

export const ZSubjectRequestDecide = z
  .object({
    version: ZVersion,
    status: ZSubjectRequestDecision,
    /** Required for a refusal or a partial grant. */
    reason: ZFreeText.optional(),
  })
  .strict();
export type TSubjectRequestDecide = z.input<typeof ZSubjectRequestDecide>;

export const ZSubjectResponse = z.object({ version: ZVersion, sentOn: ZDate }).strict();
export type TSubjectResponse = z.input<typeof ZSubjectResponse>;

export const ZSubjectLift = z.object({ version: ZVersion }).strict();
export type TSubjectLift = z.input<typeof ZSubjectLift>;

export const ZSubjectRequest = z.object({
  id: ZId,
  personId: ZId,
  caseId: ZId,
  organisation: ZRef,
  kind: ZSubjectRequestKind,
  status: ZSubjectRequestStatus,
  receivedOn: ZDate,
  dueOn: ZDate,
  /**
   * The legal deadline: days left until `dueOn` (negative when late) while the answer has not been sent;
   * null once it was sent or the request was withdrawn.
   */
  daysLeft: z.number().int().nullable(),
  overdue: z.boolean(),
  identityCheck: z.string().nullable(),
  decisionReason: z.string().nullable(),
  decidedOn: ZInstant.nullable(),
  responseSentOn: ZDate.nullable(),
  /** A restriction or objection in force (open, or granted and not lifted): new sharing of the person is refused. */
  restricts: z.boolean(),
  liftedAt: ZInstant.nullable(),
  createdAt: ZInstant,
  updatedAt: ZInstant,
  version: z.number().int(),
  /** What the caller may do next (server-computed). */
  actions: z.array(z.enum(['identity_check', 'decide', 'respond', 'lift', 'export'])),
});
export type TSubjectRequest = z.infer<typeof ZSubjectRequest>;

export const ZSubjectRequestList = z.object({
  items: z.array(ZSubjectRequest),
  canRecord: z.boolean(),
  /** Whether new referrals and transfers of the person are refused at the moment. */
  restricted: z.boolean(),
});
export type TSubjectRequestList = z.infer<typeof ZSubjectRequestList>;

export const ZAccessExportQuery = z.object({
  format: z.enum(['json', 'pdf']).default('json'),
  lang: ZAccessExportLanguage.default('fr'),
});

/** One record of the export: its fields as held (encrypted values decrypted, organisation ids as names). */
export const ZExportRecord = z.record(z.string(), z.unknown());

export const ZAccessExport = z.object({
  format: z.literal('opennrm.subject-access/1'),
  generatedAt: ZInstant,
  language: ZAccessExportLanguage,
  request: z.object({ id: ZId, receivedOn: ZDate, organisation: z.string() }),
  person: ZExportRecord,
  /** Earlier values of the person's fields (the change history). */
  personHistory: z.array(ZExportRecord),
  cases: z.array(
    z.object({
      reference: z.string(),
      case: ZExportRecord,
      /** Each kind of record held about the case (`screenings`, `referrals`…), in a fixed order. */
      sections: z.array(z.object({ key: z.string(), records: z.array(ZExportRecord) })),
    }),
  ),
  /** Who accessed the person's data (audit log): when, which organisation and role, what action. */
  accesses: z.array(z.object({ at: ZInstant, organisation: z.string(), roles: z.array(z.string()), action: z.string(), kind: z.string() })),
});
export type TAccessExport = z.infer<typeof ZAccessExport>;

export const subjectRequestsUrl = (caseId: string) => `/cases/${encodeURIComponent(caseId)}/subject-requests`;

/** The web app's link to an access export (a plain GET with the session cookie). */
export function accessExportUrl(caseId: string, requestId: string, format: 'json' | 'pdf', lang: string): string {
  return `/api/v1${subjectRequestsUrl(caseId)}/${encodeURIComponent(requestId)}/export?format=${format}&lang=${encodeURIComponent(lang)}`;
}
