// @vitest-environment node
/**
 * The three catalogues must stay in step: same keys, no empty value, every key used in the web sources
 * present, and the families of keys built at run time (errors, roles, sexes...) complete.
 */
import { RECOMMENDATION_SOURCES, RECOMMENDATION_STATUSES } from '../../contract/actionplan';
import { NATIONALITY_KEYS, REFERRAL_STAT_TABLES, REPORT_SECTIONS, SERVICE_ROWS, TIME_TO_SERVICE_ROWS, SEX_AGE_KEYS, SITUATIONS, STAT_COLUMNS, STAT_TABLES, ZReportJob } from '../../contract/statistics';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ORGANISATION_TYPES, ROLES, SEXES } from '../../contract/common';
import { CHILD_RISKS, EVIDENCE_KINDS, IDENTIFICATION_STATUSES, RISK_LEVELS, ZNotification, ZRiskAssessmentCreate, ZTask } from '../../contract/identification';
import { ZInterviewConditions, ZLevel, ZOutcome, ZPhase } from '../../contract/screening';
import { rules as TIMELINE_RULES } from '../../../data/config/timelines.json';
import { hearingTaskRule as HEARING_TASK_RULE } from '../../../data/config/justice.json';
import * as J from '../../contract/justice';
import * as R from '../../contract/referrals';
import { RETENTION_ACTIONS, RETENTION_CLOCKS, RETENTION_KINDS } from '../../contract/retention';
import { BREACH_NATURES, PROCESSING_SUBJECTS, SECURITY_MEASURES } from '../../contract/accountability';
import { MATCH_FACTS, PERSON_LINK_STATUSES } from '../../contract/matching';
import ar from './ar.json';
import en from './en.json';
import fr from './fr.json';

type Tree = { [k: string]: string | Tree };
const catalogues: Record<string, Tree> = { fr: fr as Tree, ar: ar as Tree, en: en as Tree };
const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function flatten(tree: Tree, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, key, out);
    else out.set(key, v);
  }
  return out;
}

const flat = Object.fromEntries(Object.entries(catalogues).map(([l, c]) => [l, flatten(c)])) as Record<string, Map<string, unknown>>;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** `t('a.b')`, `t("a.b", ...)`, `i18n.t('a.b')` and `i18nKey="a.b"`; template literals are checked by family below. */
const KEY_PATTERNS = [/\bt\(\s*'([^'\\]+)'/g, /\bt\(\s*"([^"\\]+)"/g, /\bi18nKey=["']([^"']+)["']/g, /\bi18nKey=\{\s*['"]([^'"]+)['"]\s*\}/g];

function usedKeys(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of sourceFiles(WEB_DIR)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const re of KEY_PATTERNS) {
      for (const m of text.matchAll(re)) {
        const key = m[1];
        if (!key) continue;
        const files = used.get(key) ?? [];
        files.push(path.relative(WEB_DIR, file));
        used.set(key, files);
      }
    }
  }
  return used;
}

const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.mfa_enabled',
  'auth.password_changed',
  'case.create',
  'case.read',
  'case.list',
  'case.update',
  'person.read',
  'person.update',
  'attachment.create',
  'attachment.read',
  'user.create',
  'user.update',
  'user.password_reset',
  'organisation.create',
  'organisation.update',
  'audit.read',
  'audit.verify',
];

const HISTORY_FIELDS = [
  'givenNames',
  'familyName',
  'aliases',
  'sex',
  'dateOfBirth',
  'estimatedAge',
  'ageUncertain',
  'nationalities',
  'languages',
  'interpreterNeeded',
  'contacts',
  'identityDocuments',
  'vulnerabilities',
  'healthNotes',
  'status',
  'stage',
  'assignedUserId',
  'situationType',
  'exploitationForms',
  'places',
  'identifiedOn',
  'exploitationStartedOn',
  'exploitationEndedOn',
  'identificationChannel',
  'identifyingOrganisationId',
  'story',
  'notes',
  'identificationStatus',
];

const FAMILIES: Record<string, readonly string[]> = {
  'retention.kinds': RETENTION_KINDS,
  'matching.facts': MATCH_FACTS,
  'matching.strength': ['strong', 'partial'],
  'matching.links.statuses': PERSON_LINK_STATUSES,
  'matching.links': ['incoming', 'outgoing'],
  'accountability.subjects': PROCESSING_SUBJECTS,
  'accountability.security': SECURITY_MEASURES,
  'accountability.natures': BREACH_NATURES,
  'accountability.breaches.statuses': ['open', 'closed'],
  'accountability.register.languages': ['fr', 'ar', 'en'],
  'retention.clocks': RETENTION_CLOCKS,
  'retention.actions': RETENTION_ACTIONS,
  'retention.report': RETENTION_ACTIONS,
  'retention.runs.statuses': ['running', 'done', 'failed'],
  'retention.run.finished': ['running', 'done', 'failed'],
  'referrals.serviceTypes': R.SERVICE_TYPES,
  'referrals.audiences': R.SERVICE_AUDIENCES,
  'referrals.accessibility': R.ACCESSIBILITY,
  'referrals.statuses': R.REFERRAL_STATUSES,
  'referrals.actions.labels': R.REFERRAL_ACTIONS,
  'referrals.reasons': [...new Set([...R.DECLINE_REASONS, ...R.CLOSE_REASONS])],
  'referrals.urgencies': R.URGENCIES,
  'referrals.urgencyHelp': R.URGENCIES,
  'referrals.units': R.DELIVERY_UNITS,
  'referrals.outcomes': R.DELIVERY_OUTCOMES,
  'referrals.categories': ['identity', 'contact', 'health', 'exploitation_story', 'documents'],
  'referrals.eligibility': R.ZReferralOptions.shape.eligibility.element.options,
  'referrals.pathway.kinds': R.ZPathwayEvent.shape.kind.options,
  'referrals.transfers.statuses': R.ZTransfer.shape.status.options,
  errors: ERROR_CODES,
  roles: ROLES,
  organisationTypes: ORGANISATION_TYPES,
  sex: SEXES,
  ageGroup: ['child', 'adult', 'unknown'],
  'audit.actions': AUDIT_ACTIONS,
  fields: HISTORY_FIELDS,
  'language.names': ['fr', 'ar', 'en'],
  'history.entity': ['case', 'person'],
  'history.actions': ['create', 'update', 'identification'],
  'identification.statuses': IDENTIFICATION_STATUSES,
  'identification.statusHelp': IDENTIFICATION_STATUSES,
  'identification.decisionStatuses': ['identified', 'not_victim', 'withdrawn'],
  'identification.decide.statusHelp': ['identified', 'not_victim', 'withdrawn'],
  'identification.decisionStates': ['pending_review', 'final', 'rejected_by_reviewer', 'superseded'],
  'identification.evidence': EVIDENCE_KINDS,
  'screening.outcomes': ZOutcome.options.flatMap((o) => [`${o}.short`, `${o}.title`, `${o}.body`]),
  'screening.levels': ZLevel.options,
  'screening.phases': ZPhase.options,
  'screening.places': ZInterviewConditions.shape.place.options,
  'screening.result.rule': ['adult', 'child'],
  'screening.rule': ['strong', 'medium', 'weak', 'other'],
  'risk.levels': RISK_LEVELS,
  'risk.needs': ZRiskAssessmentCreate.shape.urgentNeeds.unwrap().element.options,
  'risk.childRiskOptions': CHILD_RISKS,
  'tasks.rules': [...TIMELINE_RULES.map((r) => r.code), HEARING_TASK_RULE],
  'tasks.statuses': ZTask.shape.status.options,
  'tasks.filters': ZTask.shape.status.options,
  'tasks.empty': ZTask.shape.status.options,
  'notifications.kinds': ZNotification.shape.kind.options,
  'persons.documents.heldByOptions': ['person', 'third_party', 'authorities', 'unknown'],
  'justice.stages': J.PROCEEDING_STAGES,
  'justice.stageDates': J.PROCEEDING_STAGES,
  'justice.defendantRoles': J.DEFENDANT_ROLES,
  'justice.relationships': J.RELATIONSHIPS,
  'justice.defendantAgeGroups': J.DEFENDANT_AGE_GROUPS,
  'justice.outcomes': J.OUTCOMES,
  'justice.victimRoles': J.VICTIM_ROLES,
  'justice.measureTypes': J.MEASURES,
  'justice.measureStatuses': J.MEASURE_STATUSES,
  'justice.requesters': J.MEASURE_REQUESTERS,
  'justice.deciders': J.MEASURE_DECIDERS,
  'justice.hearingKinds': J.HEARING_KINDS,
  'justice.hearingStatuses': J.HEARING_STATUSES,
  'justice.nonPunishmentStatuses': J.NON_PUNISHMENT_STATUSES,
  'justice.statistics.citizenship': ['moroccan', 'foreign', 'unknown'],
  'justice.statistics.sexes': ['female', 'male', 'other_unknown'],
  'statistics.tables': STAT_TABLES,
  'statistics.rowHeader': STAT_TABLES,
  'statistics.columns': STAT_COLUMNS,
  'statistics.keys': [...SEX_AGE_KEYS, ...NATIONALITY_KEYS, 'not_specified', 'abroad', ...SERVICE_ROWS, ...TIME_TO_SERVICE_ROWS],
  'statistics.tables.referrals': REFERRAL_STAT_TABLES,
  'statistics.rowHeader.referrals': REFERRAL_STAT_TABLES,
  'statistics.situations': SITUATIONS,
  'statistics.report.sections': REPORT_SECTIONS,
  'actionplan.sources': RECOMMENDATION_SOURCES,
  'actionplan.statuses': RECOMMENDATION_STATUSES,
  'statistics.reportPage.steps': ZReportJob.shape.step.options,
};

describe('i18n catalogues', () => {
  it('have exactly the same keys in fr, ar and en', () => {
    const reference = [...flat.fr!.keys()].sort();
    for (const lang of ['ar', 'en']) {
      const keys = [...flat[lang]!.keys()].sort();
      const missing = reference.filter((k) => !flat[lang]!.has(k));
      const extra = keys.filter((k) => !flat.fr!.has(k));
      expect({ lang, missing, extra }).toEqual({ lang, missing: [], extra: [] });
    }
  });

  it('have no empty or non-string value', () => {
    for (const [lang, map] of Object.entries(flat)) {
      const bad = [...map.entries()].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
      expect({ lang, bad }).toEqual({ lang, bad: [] });
    }
  });

  it('use the same {{placeholders}} in every language, and only i18next interpolation', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of flat.fr!) {
      const want = placeholders(String(value));
      for (const lang of ['ar', 'en']) {
        const other = flat[lang]!.get(key);
        if (typeof other === 'string') expect({ key, lang, got: placeholders(other) }).toEqual({ key, lang, got: want });
      }
    }
    for (const [lang, map] of Object.entries(flat)) {
      const stray = [...map.entries()].filter(([, v]) => typeof v === 'string' && /(\$\{|%s|%d|\{\d+\})/.test(v)).map(([k]) => k);
      expect({ lang, stray }).toEqual({ lang, stray: [] });
    }
  });

  it('contain every key used in the web sources', () => {
    const used = usedKeys();
    expect(used.size).toBeGreaterThan(100);
    for (const [lang, map] of Object.entries(flat)) {
      const missing = [...used.entries()].filter(([k]) => !map.has(k)).map(([k, files]) => `${k} (${files[0]})`);
      expect({ lang, missing }).toEqual({ lang, missing: [] });
    }
  });

  it('have errors.<CODE> for every API error code', () => {
    for (const [lang, map] of Object.entries(flat)) {
      const missing = ERROR_CODES.filter((c) => !map.has(`errors.${c}`));
      expect({ lang, missing }).toEqual({ lang, missing: [] });
    }
  });

  it('have every key built at run time (roles, organisation types, sexes, age groups, audit actions, fields...)', () => {
    for (const [lang, map] of Object.entries(flat)) {
      const missing: string[] = [];
      for (const [family, members] of Object.entries(FAMILIES)) for (const m of members) if (!map.has(`${family}.${m}`)) missing.push(`${family}.${m}`);
      expect({ lang, missing }).toEqual({ lang, missing: [] });
    }
  });

  it('write Arabic in Arabic script', () => {
    const latinOnly = [...flat.ar!.entries()]
      .filter(([k]) => !k.startsWith('language.names.') && k !== 'app.name' && !k.startsWith('history.'))
      .filter(([, v]) => typeof v === 'string' && !/[\u0600-\u06FF]/.test(v))
      .map(([k]) => k);
    expect(latinOnly).toEqual([]);
  });
});
