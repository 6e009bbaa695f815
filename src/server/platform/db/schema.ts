/**
 * Kysely table types. Portable storage rules (same on SQLite and PostgreSQL):
 * ids are UUIDv7 text; instants are ISO-8601 UTC text; booleans are 0/1 integers; lists are JSON text;
 * `*_enc` columns hold field-level ciphertext (see platform/crypto).
 */

export interface OrganisationsTable {
  id: string;
  name: string;
  type: string;
  region_code: string | null;
  active: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  organisation_id: string;
  email: string;
  display_name: string;
  password_hash: string;
  roles: string;
  language: string;
  totp_secret_enc: string | null;
  totp_enabled: number;
  failed_logins: number;
  locked_until: string | null;
  must_change_password: number;
  active: number;
  is_demo: number;
  last_login_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  state: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface PersonsTable {
  id: string;
  pseudonym: string;
  created_by_org_id: string;
  sex: string;
  approx_birth_year: number | null;
  age_uncertain: number;
  nationalities: string;
  languages: string;
  interpreter_needed: number;
  vulnerabilities: string;
  identity_enc: string;
  contacts_enc: string | null;
  documents_enc: string | null;
  health_enc: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CaseSearchTable {
  case_id: string;
  org_id: string;
  kind: string;
  token: string;
}

export interface CasesTable {
  id: string;
  reference: string;
  person_id: string;
  managing_org_id: string;
  assigned_user_id: string | null;
  status: string;
  stage: string;
  situation_type: string;
  identified_on: string | null;
  exploitation_started_on: string | null;
  exploitation_ended_on: string | null;
  identification_channel: string;
  identifying_org_id: string | null;
  story_enc: string | null;
  notes_enc: string | null;
  created_by: string;
  version: number;
  created_at: string;
  updated_at: string;
  identification_status: string;
  identification_version: number;
  identification_requested_from: string | null;
  identification_requested_at: string | null;
  reconsideration_requested: number;
}

export interface CaseFormsTable {
  case_id: string;
  form: string;
}

export interface CasePlacesTable {
  id: string;
  case_id: string;
  position: number;
  kind: string;
  country: string;
  region_code: string | null;
  province_code: string | null;
}

export interface CaseGrantsTable {
  id: string;
  case_id: string;
  organisation_id: string;
  categories: string;
  source: string;
  source_id: string | null;
  reason: string | null;
  granted_by: string;
  valid_until: string | null;
  revoked_at: string | null;
  created_at: string;
}

export interface CountersTable {
  name: string;
  value: number;
}

export interface RecordHistoryTable {
  id: string;
  entity_type: string;
  entity_id: string;
  case_id: string | null;
  version: number;
  action: string;
  changed_fields: string;
  diff_enc: string | null;
  actor_user_id: string | null;
  at: string;
}

export interface AttachmentsTable {
  id: string;
  case_id: string;
  file_name_enc: string;
  mime_type: string;
  size_bytes: number;
  sha256: string;
  content_enc: Buffer;
  uploaded_by: string;
  created_at: string;
}

export interface AuditLogTable {
  seq: number;
  id: string;
  at: string;
  actor_user_id: string | null;
  actor_org_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  ip: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface ScreeningsTable {
  id: string;
  case_id: string;
  organisation_id: string;
  screened_by: string;
  set_code: string;
  catalogue_version: string;
  outcome: string;
  result_enc: string;
  answers_enc: string;
  conditions_enc: string;
  notes_enc: string | null;
  created_at: string;
}

export interface RiskAssessmentsTable {
  id: string;
  case_id: string;
  organisation_id: string;
  assessed_by: string;
  risk_level: string;
  assessment_enc: string;
  created_at: string;
}

export interface IdentificationDecisionsTable {
  id: string;
  case_id: string;
  status: string;
  state: string;
  reasons_enc: string;
  evidence: string;
  deciding_org_id: string;
  decided_by: string;
  reviewed_by: string | null;
  review_comment_enc: string | null;
  reviewed_at: string | null;
  reconsideration_enc: string | null;
  created_at: string;
}

export interface TasksTable {
  id: string;
  case_id: string;
  rule: string;
  status: string;
  assignee_org_id: string;
  assignee_user_id: string | null;
  due_at: string;
  remind_at: string | null;
  reminded_at: string | null;
  escalated_at: string | null;
  completed_at: string | null;
  completed_by: string | null;
  version: number;
  created_at: string;
  /** What the task is about when not the case as a whole (e.g. 'referral', 'hearing'), and its id. */
  subject_type?: string | null;
  subject_id?: string | null;
}

export interface TaskChangesTable {
  id: string;
  task_id: string;
  from_due_at: string;
  to_due_at: string;
  reason: string;
  changed_by: string;
  at: string;
}

export interface NotificationsTable {
  id: string;
  organisation_id: string;
  user_id: string | null;
  kind: string;
  case_id: string | null;
  task_id: string | null;
  created_at: string;
  read_at: string | null;
}

export interface AnonymousNotificationsTable {
  id: string;
  organisation_id: string;
  created_by: string;
  sex: string;
  age_group: string;
  nationality: string | null;
  exploitation_forms: string;
  region_code: string | null;
  identified_on: string;
  identification_channel: string;
  created_at: string;
}

export interface ReportSectionsTable {
  id: string;
  year: number;
  lang: string;
  section: string;
  version: number;
  text_enc: string;
  updated_by: string;
  updated_at: string;
}

export interface ReportSectionVersionsTable {
  id: string;
  section_id: string;
  version: number;
  text_enc: string;
  saved_by: string;
  saved_at: string;
}

export interface ReportJobsTable {
  id: string;
  year: number;
  lang: string;
  /** queued → running → done | failed */
  status: string;
  progress: number;
  step: string;
  requested_by: string;
  requested_org_id: string;
  error: string | null;
  pdf: Buffer | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface RecommendationsTable {
  id: string;
  reference: string;
  source_type: string;
  source_event: string;
  adopted_on: string;
  text_fr: string;
  text_ar: string;
  /** JSON list of organisation ids. */
  addressed_to: string;
  /** JSON list of action-plan action ids (the action plan register comes later). */
  linked_actions: string;
  status: string;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface RecommendationFollowUpsTable {
  id: string;
  recommendation_id: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
  changed_by: string;
  at: string;
}

export interface DB {
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  persons: PersonsTable;
  cases: CasesTable;
  case_search: CaseSearchTable;
  case_forms: CaseFormsTable;
  case_places: CasePlacesTable;
  case_grants: CaseGrantsTable;
  counters: CountersTable;
  record_history: RecordHistoryTable;
  attachments: AttachmentsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  meta: MetaTable;
  screenings: ScreeningsTable;
  risk_assessments: RiskAssessmentsTable;
  identification_decisions: IdentificationDecisionsTable;
  tasks: TasksTable;
  task_changes: TaskChangesTable;
  notifications: NotificationsTable;
  anonymous_notifications: AnonymousNotificationsTable;
  report_sections: ReportSectionsTable;
  report_section_versions: ReportSectionVersionsTable;
  report_jobs: ReportJobsTable;
  recommendations: RecommendationsTable;
  recommendation_follow_ups: RecommendationFollowUpsTable;
}

