/**
 * Shared building blocks of the HTTP contract: identifiers, enumerations and the one error shape.
 * Both the server (validation + OpenAPI) and the web app (forms + types) import from here.
 */
import { z } from 'zod';
import { iso6393To1 } from 'iso-639-3/iso6393-to-1.js';

export const ZId = z.uuid();
export type TId = z.infer<typeof ZId>;

/** Calendar date, `YYYY-MM-DD`, checked to be a real date. */
export const ZDate = z.iso.date();
/** Instant in UTC, ISO-8601. */
export const ZInstant = z.string();

export const ROLES = [
  'first_responder',
  'case_worker',
  'case_supervisor',
  'service_provider',
  'justice_liaison',
  'commission_analyst',
  'dpo',
  'org_admin',
  'system_admin',
] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

/** Roles that must use a second factor (TOTP) outside demo accounts. */
export const MFA_REQUIRED_ROLES: readonly TRole[] = ['org_admin', 'system_admin', 'commission_analyst', 'dpo'];

export const ORGANISATION_TYPES = [
  'ministry',
  'police',
  'gendarmerie',
  'prosecution',
  'court',
  'labour_inspection',
  'health',
  'social_services',
  'ngo',
  'international_organisation',
  'embassy_consulate',
] as const;
export const ZOrganisationType = z.enum(ORGANISATION_TYPES);
export type TOrganisationType = z.infer<typeof ZOrganisationType>;

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export const ZSex = z.enum(SEXES);

export const DATA_CATEGORIES = ['identity', 'contact', 'health', 'exploitation_story', 'documents'] as const;
export const ZDataCategory = z.enum(DATA_CATEGORIES);
export type TDataCategory = z.infer<typeof ZDataCategory>;

/** ISO 3166-1 alpha-2, validated against the reference list on the server. */
export const ZCountryCode = z.string().regex(/^[A-Z]{2}$/, 'iso3166');
/** ISO 639-1 → ISO 639-3 (the 184 two-letter codes; from the `iso-639-3` package, a few KB). */
const ISO6391_TO_3: ReadonlyMap<string, string> = new Map(Object.entries(iso6393To1).map(([three, one]) => [one, three]));
/** The ISO 639-3 code of a language code: a two-letter ISO 639-1 code becomes its 639-3 equivalent, anything else is unchanged. */
export function toIso6393(code: string): string {
  return ISO6391_TO_3.get(code) ?? code;
}
/** The ISO 639-1 equivalent of an ISO 639-3 code, if it has one (`fra` → `fr`); a two-letter code is returned as is. */
export function toIso6391(code: string): string | undefined {
  return code.length === 2 ? code : iso6393To1[code];
}
/**
 * A language: ISO 639-3 (three letters: `bin` Edo, `pcm` Nigerian Pidgin, `zgh` Standard Moroccan Tamazight…),
 * validated against the reference list on the server. A two-letter ISO 639-1 code is still accepted and
 * becomes its 639-3 equivalent (`fr` → `fra`), so older clients and stored data keep working.
 */
export const ZLanguageCode = z.string().regex(/^[a-z]{2,3}$/, 'iso639').overwrite(toIso6393);
/** Moroccan region (MA-01 … MA-12) or province/prefecture code (MA-XXX). */
export const ZRegionCode = z.string().regex(/^MA-\d{2}$/, 'region');
export const ZProvinceCode = z.string().regex(/^MA-[A-Z]{3}$/, 'province');

export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'MFA_REQUIRED',
  'MFA_INVALID',
  'MFA_SETUP_REQUIRED',
  'PASSWORD_CHANGE_REQUIRED',
  'SESSION_EXPIRED',
  'CSRF_INVALID',
  /** A state-changing request sent from another site (foreign Origin or Sec-Fetch-Site: cross-site) (403). */
  'ORIGIN_REFUSED',
  'FORBIDDEN',
  'NOT_FOUND',
  'VALIDATION_FAILED',
  'VERSION_CONFLICT',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  /** A document (PDF) cannot be produced: the rendering browser is missing, busy or failed (503). */
  'DOCUMENT_UNAVAILABLE',
  /**
   * The person asked to restrict the processing of their data, or objected to it (law 09-08): while that is in
   * force, a new referral or transfer of their case is refused, except what the law requires (409).
   */
  'PROCESSING_RESTRICTED',
  'INTERNAL',
] as const;
export const ZErrorCode = z.enum(ERROR_CODES);
export type TErrorCode = z.infer<typeof ZErrorCode>;

/** Field error codes the server adds beyond zod's own (translated under `validation.<code>`). */
export const FIELD_ERROR_CODES = [
  'cannot_remove_own_admin', 'date_in_future', 'date_out_of_range', 'email_taken', 'empty_file', 'end_before_start',
  'invalid_cursor', 'invalid_json', 'malformed_upload', 'not_allowed_to_assign', 'not_assignable', 'other_organisation',
  'password_contains_email', 'password_too_short', 'password_too_simple', 'password_unchanged', 'province_not_in_region',
  'region_only_for_morocco', 'required', 'search_too_short', 'unknown_country', 'unknown_language', 'unknown_organisation',
  'unknown_province', 'unknown_region', 'wrong_password', 'not_extendable', 'date_in_past', 'catalogue_version_mismatch',
  'unknown_indicator', 'interview_consent_required', 'child_pathway_required', 'not_a_deciding_organisation',
  'decision_not_pending', 'same_reviewer', 'no_final_decision', 'decision_pending_review', 'reason_required', 'person_or_person_id',
  // referrals and services
  'above_capacity', 'capacity_not_counted', 'consent_required', 'category_not_consented', 'consent_not_active', 'consent_not_for_recipient',
  'recipient_required', 'guardian_required', 'service_inactive', 'reason_code_required', 'same_organisation', 'not_a_sharing_consent', 'unknown_service',
  // care plans and case conferences
  'unknown_goal', 'duplicate_domain', 'decision_already_used',
  'stage_backwards', 'stage_not_reached', 'before_previous_stage', 'outcome_needs_judgment', 'paid_exceeds_ordered', 'unknown_case',
  'already_linked', 'not_a_court',
  // compensation (issue 13)
  'compensation_needs_judgment', 'payment_needs_order', 'payment_status_mismatch', 'claim_already_recorded',
  'no_population_data', 'csv_only',
  // prevention and partnership activities
  'not_yet_held', 'duplicate_organisation_type', 'no_participants', 'duplicate_party', 'platform_party_required', 'status_final', 'foreign_country_required', 'duplicate_value',
  // the national action plan
  'duplicate_code', 'duplicate_year', 'duplicate_indicator', 'date_outside_plan', 'year_outside_plan', 'value_invalid_for_unit',
  'report_required', 'invalid_period', 'period_frequency_mismatch', 'period_outside_plan', 'period_not_started', 'missing_value', 'unknown_action',
  'invalid_value', 'unknown_code', 'plan_not_draft', 'missing_sheet', 'missing_column',
  // intake: age ranges, the journey, debts
  'age_range_inverted', 'age_outside_range', 'leg_out_of_order', 'unknown_currency',
  // data-subject requests (law 09-08)
  'identity_check_required', 'request_not_open', 'request_not_decided', 'not_an_access_request', 'not_liftable', 'response_before_receipt',
] as const;
export type TFieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export const ZFieldError = z.object({ path: z.string(), code: z.string(), message: z.string() });
export const ZErrorResponse = z.object({
  error: z.object({
    code: ZErrorCode,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type TErrorResponse = z.infer<typeof ZErrorResponse>;

export const ZOk = z.object({ ok: z.literal(true) });

/** A reference to another record with a human label. */
export const ZRef = z.object({ id: ZId, name: z.string() });

// ——— Text hygiene: names and file names without invisible or reordering characters ———

/**
 * Characters that are never part of a name and can only hide or disguise one: C0 and C1 controls (line
 * breaks are handled before), the soft hyphen, the Arabic letter mark and the other bidirectional controls
 * (LRM, RLM, embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, the deprecated format
 * characters U+206A–U+206F), zero-width space, word joiner and invisible operators, the byte-order mark,
 * interlinear annotation marks and the tag characters. An override such as U+202E makes
 * "invoice\u202Efdp.exe" display as "invoiceexe.pdf".
 */
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const INVISIBLE = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u00AD\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB\u{E0000}-\u{E007F}]/gu;
/** Half of a surrogate pair without the other half (not text; invalid in UTF-8). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const LINE_BREAKS = /\r\n|[\n\r\u000B\u000C\u0085\u2028\u2029]/g;
/**
 * Zero-width non-joiner and joiner (U+200C, U+200D) are kept, one at a time, between two letters or marks:
 * Persian, Kurdish and Urdu names need the non-joiner ("نرگس‌زاده") and Indic scripts the joiner. Anywhere
 * else (leading, trailing, next to a space or a digit, in a run) they only hide something, and are removed.
 */
const JOINERS = /(?<=([\p{L}\p{M}])?)[\u200C\u200D]+(?=([\p{L}\p{M}])?)/gu;

/**
 * Free text without invisible controls. `multiline` keeps line breaks (as `\n`) and tabs; otherwise they
 * become spaces. Nothing else is changed: no Unicode normalisation (NFC would reorder Arabic diacritics,
 * shadda before fatha, and the person's name must come back exactly as written).
 */
export function cleanText(value: string, options: { multiline?: boolean } = {}): string {
  const text = value.replace(LONE_SURROGATE, '').replace(LINE_BREAKS, options.multiline ? '\n' : ' ');
  return (options.multiline ? text : text.replace(/\t/g, ' '))
    .replace(INVISIBLE, '')
    .replace(JOINERS, (run: string, before?: string, after?: string) => (before && after ? run.charAt(0) : ''));
}

/** A name on one line: `cleanText`, spaces collapsed, trimmed. Letters of any script, diacritics, hyphens and apostrophes pass unchanged. */
export function cleanName(value: string): string {
  return cleanText(value).replace(/\s+/gu, ' ').trim();
}

/**
 * A person's, user's, organisation's or service's name: cleaned (`cleanName`) before its length is checked,
 * so a name made only of invisible characters is empty and a too long one is refused (400 `too_big` on the
 * field), never cut.
 */
export const ZPlainName = (max = 200, min = 1) => z.string().overwrite(cleanName).min(min).max(max);
