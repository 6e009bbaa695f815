import { z } from 'zod';
import { ZId, ZInstant } from './common';

export const ZAuditQuery = z.object({
  action: z.string().max(100).optional(),
  actorUserId: ZId.optional(),
  organisationId: ZId.optional(),
  entityId: ZId.optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  cursor: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZAuditEntry = z.object({
  seq: z.number().int(),
  at: ZInstant,
  action: z.string(),
  actor: z.string().nullable(),
  actorUserId: ZId.nullable(),
  organisation: z.string().nullable(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export const ZAuditList = z.object({ items: z.array(ZAuditEntry), nextCursor: z.number().int().nullable() });
export const ZAuditVerify = z.object({ ok: z.boolean(), checked: z.number().int(), firstBadSeq: z.number().int().nullable(), reason: z.string().nullable() });

/** Every action the audit log records (labels: `audit.actions.<action>` in the web catalogues). */
export const AUDIT_ACTIONS = [
  'access.denied', 'access.denied_suppressed',
  'auth.login', 'auth.login_failed', 'auth.logout', 'auth.mfa_enabled', 'auth.mfa_failed', 'auth.mfa_verified', 'auth.password_changed',
  'organisation.create', 'organisation.update', 'user.create', 'user.update', 'user.roles_changed', 'user.password_reset',
  'case.create', 'case.read', 'case.export', 'case.list', 'case.update', 'case.history_read', 'person.read', 'person.update',
  'attachment.create', 'attachment.read', 'grant.create', 'audit.read', 'audit.verify',
  'screening.create', 'screening.read', 'risk.create', 'risk.read',
  'identification.read', 'identification.request', 'identification.decide', 'identification.review', 'identification.reconsideration_request',
  'task.update', 'timelines.reminders', 'timelines.escalations', 'timelines.situation_changed', 'anonymous_notification.create', 'information_sheet.export',
  'statistics.read', 'statistics.rebuild', 'statistics.export', 'statistics.export_download', 'report.section_save', 'report.generate',
  'recommendation.create', 'recommendation.update',
  'campaign.create', 'campaign.update', 'training.create', 'training.update', 'agreement.create', 'agreement.update', 'agreement.document_upload', 'agreement.document_read',
  'cooperation.create', 'cooperation.update', 'seed.activities',
  'plan.create', 'plan.update', 'plan.objective_create', 'plan.objective_update', 'plan.action_create', 'plan.action_update',
  'plan.indicator_create', 'plan.indicator_update', 'plan.report_create', 'plan.report_update', 'plan.report_submit', 'plan.report_validate',
  'plan.report_return', 'plan.report_read', 'plan.report_list', 'plan.evidence_upload', 'plan.evidence_read', 'plan.export', 'plan.import', 'plan.deadlines', 'seed.actionplan',
  'seed.configuration', 'seed.cases', 'seed.timelines',
  'service.create', 'service.update', 'service.capacity', 'consent.create', 'consent.read', 'consent.withdraw',
  'referral.create', 'referral.read', 'referral.list', 'referral.accept', 'referral.decline', 'referral.start', 'referral.complete',
  'referral.close', 'referral.revoke', 'referral.acknowledge', 'referral.expire', 'referral.delivery', 'referral.stats', 'grant.revoke',
  'transfer.create', 'transfer.list', 'transfer.accept', 'transfer.decline', 'transfer.cancel', 'pathway.read',
  'careplan.read', 'careplan.assessment_create', 'careplan.durable_solution_update', 'careplan.goal_create', 'careplan.goal_update',
  'careplan.action_create', 'careplan.action_update', 'careplan.durable_step_create', 'careplan.durable_step_update', 'conference.list', 'conference.create', 'conference.decision_action', 'conference.decision_task',
  'mail.sent',
  'justice.proceeding_create', 'justice.proceeding_read', 'justice.proceeding_list', 'justice.proceeding_update', 'justice.defendant_create',
  'justice.defendant_update', 'justice.victim_link', 'justice.measure_create', 'justice.measure_update', 'justice.hearing_create', 'justice.hearing_update',
  'justice.victim_contact_reveal', 'justice.candidates_list', 'justice.case_read', 'justice.non_punishment_create', 'justice.non_punishment_update',
  'justice.statistics_read', 'seed.justice', 'justice.compensation_create', 'justice.compensation_update',
  'subject_request.list', 'subject_request.create', 'subject_request.identity_check', 'subject_request.decide', 'subject_request.respond',
  'subject_request.lift', 'subject_request.access_export', 'subject_request.erasure_executed',
  'retention.anonymise', 'retention.delete', 'retention.run.start', 'retention.run.finish',
  'processing_register.read', 'breach.list', 'breach.create', 'breach.update',
  'match.lookup', 'person_link.request', 'person_link.list', 'person_link.accept', 'person_link.decline', 'person_link.unlink',
] as const;
