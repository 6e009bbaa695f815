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

/** What one victim record (case or anonymous notification) adds to the figures (statistics.facts). */
export interface StatisticsFactsTable {
  id: string;
  year: number;
  situation: string;
  status: string;
  /** JSON list of [table, key] pairs, each counted once for the record. */
  cells: string;
}

/** The sums of `statistics_facts`: the figures of the commission, before disclosure control. */
export interface StatisticsCountsTable {
  year: number;
  situation: string;
  status: string;
  dim: string;
  key: string;
  n: number;
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
  /** Null for a task about no case (an action-plan progress report). */
  case_id: string | null;
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

export interface ServicesTable {
  id: string;
  organisation_id: string;
  type: string;
  name: string;
  description: string | null;
  audience: string;
  sexes: string;
  min_age: number | null;
  max_age: number | null;
  nationalities: string;
  staff_sexes: string;
  accessibility: string;
  opening_hours: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  capacity_total: number | null;
  capacity_available: number | null;
  capacity_updated_at: string | null;
  capacity_updated_by: string | null;
  active: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ServiceRegionsTable {
  service_id: string;
  region_code: string;
}

export interface ServiceLanguagesTable {
  service_id: string;
  language: string;
}

export interface ConsentsTable {
  id: string;
  case_id: string;
  organisation_id: string;
  purpose: string;
  recipient_org_id: string | null;
  recipient_service_type: string | null;
  categories: string;
  method: string;
  interpreter_used: number;
  language: string;
  given_by: string;
  /** Encrypted JSON: guardian's name, the child's view, notes. */
  details_enc: string;
  given_on: string;
  expires_on: string | null;
  /** End of the expiry day in local time, as an instant (what grants use as valid_until). */
  expires_at: string | null;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdrawal_enc: string | null;
  recorded_by: string;
  version: number;
  created_at: string;
}

export interface ReferralsTable {
  id: string;
  case_id: string;
  from_org_id: string;
  from_user_id: string;
  service_id: string;
  to_org_id: string;
  urgency: string;
  reason_enc: string;
  message_enc: string | null;
  categories: string;
  legal_basis: string;
  consent_id: string | null;
  status: string;
  grant_id: string | null;
  /** 1 while the referral holds one of the service's counted places (taken on acceptance). */
  holds_place: number;
  respond_by: string;
  expires_at: string;
  sent_at: string;
  responded_at: string | null;
  first_service_at: string | null;
  ended_at: string | null;
  followed_up_at: string | null;
  version: number;
  updated_at: string;
}

export interface ReferralEventsTable {
  id: string;
  referral_id: string;
  from_status: string | null;
  to_status: string;
  action: string;
  reason_code: string | null;
  note_enc: string | null;
  actor_user_id: string | null;
  actor_org_id: string | null;
  at: string;
}

export interface ServiceDeliveriesTable {
  id: string;
  referral_id: string;
  case_id: string;
  organisation_id: string;
  delivered_on: string;
  ended_on: string | null;
  units: number;
  unit: string;
  outcome: string;
  note_enc: string | null;
  recorded_by: string;
  created_at: string;
}

export interface CaseTransfersTable {
  id: string;
  case_id: string;
  from_org_id: string;
  to_org_id: string;
  reason_enc: string;
  status: string;
  requested_by: string;
  responded_by: string | null;
  responded_at: string | null;
  note_enc: string | null;
  version: number;
  created_at: string;
}

export interface CarePlansTable {
  id: string;
  case_id: string;
  durable_track: string;
  durable_status: string;
  durable_note_enc: string | null;
  durable_updated_by: string | null;
  durable_updated_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CareAssessmentsTable {
  id: string;
  case_id: string;
  organisation_id: string;
  assessed_by: string;
  assessed_on: string;
  /** JSON {domain: level}. */
  levels: string;
  /** Encrypted JSON {domain: note}. */
  notes_enc: string | null;
  created_at: string;
}

export interface CareGoalsTable {
  id: string;
  case_id: string;
  domain: string;
  text_enc: string;
  status: string;
  created_by: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CareActionsTable {
  id: string;
  case_id: string;
  goal_id: string | null;
  conference_id: string | null;
  decision_id: string | null;
  title_enc: string;
  responsible_org_id: string;
  due_on: string | null;
  status: string;
  task_id: string | null;
  created_by: string;
  version: number;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

export interface CaseConferencesTable {
  id: string;
  case_id: string;
  organisation_id: string;
  held_on: string;
  /** JSON list of organisation ids. */
  participant_orgs: string;
  /** Encrypted JSON list of the names of the people present. */
  participants_enc: string;
  minutes_enc: string;
  created_by: string;
  created_at: string;
}

export interface ConferenceDecisionsTable {
  id: string;
  conference_id: string;
  case_id: string;
  position: number;
  text_enc: string;
  action_id: string | null;
  task_id: string | null;
}

export interface EmailOutboxTable {
  id: string;
  user_id: string;
  kind: string;
  language: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  claimed_at: string | null;
  sent_at: string | null;
  last_error: string | null;
  created_at: string;
}

export interface ProceedingsTable {
  id: string;
  reference: string;
  owner_org_id: string;
  court_org_id: string | null;
  police_report_ref: string | null;
  prosecution_file_ref: string | null;
  court_file_ref: string | null;
  court_of_appeal: string | null;
  jurisdiction: string | null;
  offences: string;
  stage: string;
  complaint_on: string;
  investigation_on: string | null;
  prosecution_on: string | null;
  trial_on: string | null;
  judgment_on: string | null;
  appeal_on: string | null;
  final_on: string | null;
  notes_enc: string | null;
  created_by: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ProceedingDefendantsTable {
  id: string;
  proceeding_id: string;
  /** Names, aliases and identity numbers (JSON), encrypted: justice users only. */
  identity_enc: string;
  sex: string;
  age_group: string;
  nationality: string | null;
  roles: string;
  relationship: string;
  prosecuted: number;
  outcome: string | null;
  outcome_on: string | null;
  sentence_months: number | null;
  suspended_sentence: number;
  fine_mad: number | null;
  confiscated_assets_mad: number | null;
  compensation_ordered_mad: number | null;
  compensation_paid_mad: number | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ProceedingVictimsTable {
  id: string;
  proceeding_id: string;
  case_id: string;
  roles: string;
  created_by: string;
  created_at: string;
}

export interface ProtectionMeasuresTable {
  id: string;
  proceeding_victim_id: string;
  measure: string;
  requested_by: string;
  requested_on: string;
  status: string;
  decided_by: string | null;
  decided_on: string | null;
  recorded_by: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface HearingsTable {
  id: string;
  proceeding_id: string;
  kind: string;
  scheduled_at: string;
  place: string | null;
  status: string;
  created_by: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface NonPunishmentRecordsTable {
  id: string;
  case_id: string;
  offence: string;
  accused_on: string;
  proceeding_ref: string | null;
  status: string;
  recorded_by: string;
  recorded_by_org_id: string;
  version: number;
  created_at: string;
  updated_at: string;
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

export interface ContactRevealsTable {
  id: string;
  proceeding_id: string;
  case_id: string;
  revealed_by: string;
  organisation_id: string;
  /** The stated reason (AAD `contact_reveals.reason_enc:<id>`). */
  reason_enc: string;
  at: string;
}

export interface ExportJobsTable {
  id: string;
  /** glotip | glotip_persons | ctdc | sdg_16_2_2 */
  kind: string;
  year: number;
  format: string;
  /** queued → running → done | failed; done → expired when the file is erased */
  status: string;
  progress: number;
  step: string;
  requested_by: string;
  requested_org_id: string;
  error: string | null;
  /** The finished file, encrypted (AAD `export_jobs.file_enc:<id>`). */
  file_enc: Buffer | null;
  file_name: string | null;
  content_type: string | null;
  /** JSON: what the file holds (k-anonymity report, row count); no personal data. */
  summary: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
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
  docx: Buffer | null;
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
  /** JSON list of action-plan action ids (`plan_actions.id`). */
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

/** JSON lists: audiences, channels, languages (ISO 639-1). Regions and partners are rows. */
export interface CampaignsTable {
  id: string;
  title_fr: string;
  title_ar: string;
  theme: string;
  audiences: string;
  channels: string;
  languages: string;
  start_on: string;
  end_on: string | null;
  organiser_id: string;
  people_reached: number | null;
  action_id: string | null;
  status: string;
  description_enc: string | null;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export interface CampaignRegionsTable { campaign_id: string; region_code: string }
export interface CampaignPartnersTable { campaign_id: string; organisation_id: string }

/** `topics` is a JSON list; participants by organisation type × sex are rows. */
export interface TrainingsTable {
  id: string;
  title: string;
  topics: string;
  start_on: string;
  end_on: string;
  region_code: string;
  organiser_id: string;
  hours: number;
  description_enc: string | null;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export interface TrainingParticipantsTable { training_id: string; organisation_type: string; women: number; men: number }

/** `pillars` is a JSON list; `status` is the recorded one (expired is derived from `effective_to`). */
export interface AgreementsTable {
  id: string;
  title: string;
  signed_on: string | null;
  effective_from: string | null;
  effective_to: string | null;
  pillars: string;
  status: string;
  description_enc: string | null;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}
/** A party: an organisation of the platform, or an external party (name + ISO country). */
export interface AgreementPartiesTable {
  id: string;
  agreement_id: string;
  position: number;
  organisation_id: string | null;
  external_name: string | null;
  country_code: string | null;
}

/** The agreement's signed document (one per agreement; a new upload replaces it). */
export interface AgreementDocumentsTable {
  id: string;
  agreement_id: string;
  file_name_enc: string;
  mime_type: string;
  size_bytes: number;
  sha256: string;
  content_enc: Buffer;
  uploaded_by: string;
  created_at: string;
}

export interface CooperationRequestsTable {
  id: string;
  direction: string;
  type: string;
  country_code: string;
  authority: string;
  handling_org_id: string;
  opened_on: string;
  status: string;
  subject_enc: string;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export interface CooperationRequestEventsTable {
  id: string;
  request_id: string;
  from_status: string | null;
  to_status: string;
  on_date: string;
  changed_by: string;
  at: string;
}

export interface ActionPlansTable {
  id: string;
  code: string;
  title_fr: string;
  title_ar: string;
  title_en: string;
  start_year: number;
  end_year: number;
  /** draft | adopted */
  status: string;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface PlanObjectivesTable {
  id: string;
  plan_id: string;
  pillar: string;
  code: string;
  title_fr: string;
  title_ar: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface PlanActionsTable {
  id: string;
  plan_id: string;
  objective_id: string;
  code: string;
  title_fr: string;
  title_ar: string;
  lead_org_id: string;
  /** Budget in minor units (centimes) of `currency` (MAD). */
  budget_minor: number | null;
  currency: string;
  start_date: string;
  end_date: string;
  /** The planned status (the latest validated report's status is shown next to it). */
  status: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface PlanActionPartnersTable {
  action_id: string;
  organisation_id: string;
}

export interface PlanIndicatorsTable {
  id: string;
  plan_id: string;
  action_id: string;
  code: string;
  title_fr: string;
  title_ar: string;
  unit: string;
  frequency: string;
  /** Decimal number as text. */
  baseline_value: string | null;
  baseline_year: number | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface PlanIndicatorTargetsTable {
  indicator_id: string;
  year: number;
  /** Decimal number as text. */
  value: string;
}

export interface PlanReportsTable {
  id: string;
  plan_id: string;
  action_id: string;
  /** `2026`, `2026-S1` or `2026-Q2`. */
  period: string;
  organisation_id: string;
  /** draft | submitted | validated | returned */
  status: string;
  action_status: string;
  narrative_enc: string | null;
  review_note_enc: string | null;
  created_by: string;
  submitted_by: string | null;
  submitted_at: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface PlanReportValuesTable {
  report_id: string;
  indicator_id: string;
  /** Decimal number as text. */
  value: string;
}

export interface PlanReportEvidenceTable {
  id: string;
  report_id: string;
  file_name_enc: string;
  mime_type: string;
  size_bytes: number;
  content_enc: Buffer;
  uploaded_by: string;
  created_at: string;
}

export interface PlanReportDeadlinesTable {
  id: string;
  action_id: string;
  period: string;
  due_at: string;
  created_at: string;
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
  statistics_facts: StatisticsFactsTable;
  statistics_counts: StatisticsCountsTable;
  screenings: ScreeningsTable;
  risk_assessments: RiskAssessmentsTable;
  identification_decisions: IdentificationDecisionsTable;
  tasks: TasksTable;
  task_changes: TaskChangesTable;
  notifications: NotificationsTable;
  anonymous_notifications: AnonymousNotificationsTable;
  services: ServicesTable;
  service_regions: ServiceRegionsTable;
  service_languages: ServiceLanguagesTable;
  consents: ConsentsTable;
  referrals: ReferralsTable;
  referral_events: ReferralEventsTable;
  service_deliveries: ServiceDeliveriesTable;
  case_transfers: CaseTransfersTable;
  care_plans: CarePlansTable;
  care_assessments: CareAssessmentsTable;
  care_goals: CareGoalsTable;
  care_actions: CareActionsTable;
  case_conferences: CaseConferencesTable;
  conference_decisions: ConferenceDecisionsTable;
  email_outbox: EmailOutboxTable;
  proceedings: ProceedingsTable;
  proceeding_defendants: ProceedingDefendantsTable;
  proceeding_victims: ProceedingVictimsTable;
  protection_measures: ProtectionMeasuresTable;
  hearings: HearingsTable;
  non_punishment_records: NonPunishmentRecordsTable;
  report_sections: ReportSectionsTable;
  report_section_versions: ReportSectionVersionsTable;
  report_jobs: ReportJobsTable;
  export_jobs: ExportJobsTable;
  contact_reveals: ContactRevealsTable;
  recommendations: RecommendationsTable;
  recommendation_follow_ups: RecommendationFollowUpsTable;
  campaigns: CampaignsTable;
  campaign_regions: CampaignRegionsTable;
  campaign_partners: CampaignPartnersTable;
  trainings: TrainingsTable;
  training_participants: TrainingParticipantsTable;
  agreements: AgreementsTable;
  agreement_parties: AgreementPartiesTable;
  agreement_documents: AgreementDocumentsTable;
  cooperation_requests: CooperationRequestsTable;
  cooperation_request_events: CooperationRequestEventsTable;
  action_plans: ActionPlansTable;
  plan_objectives: PlanObjectivesTable;
  plan_actions: PlanActionsTable;
  plan_action_partners: PlanActionPartnersTable;
  plan_indicators: PlanIndicatorsTable;
  plan_indicator_targets: PlanIndicatorTargetsTable;
  plan_reports: PlanReportsTable;
  plan_report_values: PlanReportValuesTable;
  plan_report_evidence: PlanReportEvidenceTable;
  plan_report_deadlines: PlanReportDeadlinesTable;
}

/** Sign-in throttle per (blind index of the e-mail, client address); see the 2026-12-07T01-00 migration. */
export interface LoginThrottleTable {
  subject: string;
  ip: string;
  failures: number;
  /** How many times this pair was blocked in a row: the next block lasts twice as long (capped). */
  blocks: number;
  blocked_until: string | null;
  updated_at: string;
}
// Declaration merging: adds the table to `DB` without editing the interface above.
export interface DB {
  login_throttle: LoginThrottleTable;
}

/** A step of a case's durable-solution plan; see the 2026-12-07T02-10 migration. */
export interface DurableStepsTable {
  id: string;
  case_id: string;
  position: number;
  track: string;
  title_enc: string;
  responsible_org_id: string;
  due_on: string | null;
  status: string;
  note_enc: string | null;
  created_by: string;
  version: number;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

/** A victim's compensation claim (partie civile) in a proceeding, the order and its payment. */
export interface CompensationClaimsTable {
  id: string;
  proceeding_id: string;
  proceeding_victim_id: string;
  case_id: string;
  filed_on: string;
  amount_claimed: number;
  currency: string;
  represented_by: string;
  representative_enc: string | null;
  ordered_on: string | null;
  order_instance: string | null;
  amount_ordered: number | null;
  payment_status: string | null;
  amount_paid: number | null;
  paid_on: string | null;
  recorded_by: string;
  version: number;
  created_at: string;
  updated_at: string;
}
export interface DB {
  durable_steps: DurableStepsTable;
  compensation_claims: CompensationClaimsTable;
}

/**
 * Intake (migration 2026-12-07T02-00-intake): a case's journey (ordered legs), debt and recruitment, each an
 * encrypted JSON value (part of the exploitation story; null when not recorded).
 */
export interface CasesTable {
  journey_enc: string | null;
  debt_enc: string | null;
  recruitment_enc: string | null;
}

/** The data-protection lifecycle (migration 2026-12-07T05-00-data-lifecycle, modules/retention). */
export interface PersonsTable {
  /** The person's own data key, wrapped by the keyring (AAD `persons.data_key_enc:<id>`); null once destroyed. */
  data_key_enc: string | null;
  anonymised_at: string | null;
}
export interface CasesTable {
  /** When the case was last closed (null while open): starts the retention clock. */
  closed_at: string | null;
  anonymised_at: string | null;
}
export interface ErasuresTable {
  person_id: string;
  erased_at: string;
  /** retention | request */
  reason: string;
}
export interface RetentionRunsTable {
  id: string;
  /** schedule | manual */
  trigger: string;
  started_by: string | null;
  started_at: string;
  finished_at: string | null;
  /** running | done | failed */
  status: string;
  total: number;
  done: number;
  /** JSON: per rule, how many records were due, done, held. */
  report: string;
  error: string | null;
}
export interface RetentionActionsTable {
  id: string;
  run_id: string;
  rule: string;
  entity_type: string;
  entity_id: string;
  action: string;
  at: string;
}
export interface DB {
  erasures: ErasuresTable;
  retention_runs: RetentionRunsTable;
  retention_actions: RetentionActionsTable;
}

/** A data-subject request (law 09-08); see the 2026-12-07T05-20 migration. Open = status received | in_progress. */
export interface SubjectRequestsTable {
  id: string;
  person_id: string;
  case_id: string;
  org_id: string;
  kind: string;
  received_on: string;
  due_on: string;
  identity_check_enc: string | null;
  status: string;
  decision_reason_enc: string | null;
  decided_at: string | null;
  decided_by: string | null;
  response_sent_on: string | null;
  lifted_at: string | null;
  lifted_by: string | null;
  created_by: string;
  updated_by: string;
  version: number;
  created_at: string;
  updated_at: string;
}
export interface DB {
  subject_requests: SubjectRequestsTable;
}

/** A personal-data breach and its notification timeline; see the 2026-12-07T05-40 migration. */
export interface BreachesTable {
  id: string;
  reference: string;
  detected_at: string;
  occurred_from: string | null;
  occurred_to: string | null;
  /** JSON array of BREACH_NATURES. */
  natures: string;
  /** JSON array of DATA_CATEGORIES. */
  categories: string;
  persons_affected: number | null;
  description_enc: string;
  consequences_enc: string | null;
  measures_enc: string | null;
  cndp_notified_at: string | null;
  persons_informed_at: string | null;
  persons_not_informed_reason_enc: string | null;
  closed_at: string | null;
  created_by: string;
  updated_by: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Candidate tokens of a person (blind indexes of the matcher's keys); see the 2026-12-07T06-00 migration. */
export interface PersonMatchTokensTable {
  person_id: string;
  org_id: string;
  /** The matcher's key kind (name, namePair, nameYear, document, phone) or a coarse fact (sex, nationality). */
  kind: string;
  token: string;
}
/** A link between two organisations' records of the same person; see the 2026-12-07T06-00 migration. */
export interface PersonLinksTable {
  id: string;
  from_person_id: string;
  from_org_id: string;
  to_person_id: string;
  to_org_id: string;
  pair_key: string;
  /** strong | partial */
  strength: string;
  /** JSON list of the kinds of facts that agreed. */
  agreed: string;
  /** requested | accepted | declined | unlinked */
  status: string;
  reason_enc: string | null;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  unlinked_by: string | null;
  unlinked_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}
export interface DB {
  breaches: BreachesTable;
  person_match_tokens: PersonMatchTokensTable;
  person_links: PersonLinksTable;
}
