/**
 * Shared building blocks of the HTTP contract: identifiers, enumerations and the one error shape.
 * Both the server (validation + OpenAPI) and the web app (forms + types) import from here.
 */
import { z } from 'zod';

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
/** ISO 639-1 (two letters), validated against the reference list on the server. */
export const ZLanguageCode = z.string().regex(/^[a-z]{2}$/, 'iso639');
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
  'no_population_data', 'csv_only',
  // prevention and partnership activities
  'not_yet_held', 'duplicate_organisation_type', 'no_participants', 'duplicate_party', 'platform_party_required', 'status_final', 'foreign_country_required', 'duplicate_value',
  // the national action plan
  'duplicate_code', 'duplicate_year', 'duplicate_indicator', 'date_outside_plan', 'year_outside_plan', 'value_invalid_for_unit',
  'report_required', 'invalid_period', 'period_frequency_mismatch', 'period_outside_plan', 'period_not_started', 'missing_value', 'unknown_action',
  'invalid_value', 'unknown_code', 'plan_not_draft', 'missing_sheet', 'missing_column',
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
