/** The registration form: its values while being filled in, its steps, and where each field lives. */
import type { FieldErrors } from 'react-hook-form';
import { cleanValues } from '../../ui/clean';
import { todayInCasablanca } from '../../ui/dates';
import { debtDraft, recruitmentDraft, type TDebtDraft, type TLegDraft, type TRecruitmentDraft } from './StoryDetails';

/** What the form holds while it is being filled in (strings for empty fields, cleaned before validation). */
export interface TRegistrationDraft {
  person: {
    givenNames: string;
    familyName: string;
    aliases: string[];
    sex: string;
    dateOfBirth: string;
    estimatedAge?: number;
    ageRange: { min?: number; max?: number };
    ageAssessment: { method: string; assessedOn: string };
    ageUncertain: boolean;
    nationalities: string[];
    languages: string[];
    interpreterNeeded: boolean;
    contacts: { kind: string; value: string; note: string }[];
    identityDocuments: { type: string; number: string; issuingCountry: string; expiresOn: string; heldBy: string }[];
    vulnerabilities: string[];
    healthNotes: string;
  };
  situationType: string;
  exploitationForms: string[];
  places: { kind: string; country: string; regionCode: string; provinceCode: string }[];
  identifiedOn: string;
  exploitationStartedOn: string;
  exploitationEndedOn: string;
  identificationChannel: string;
  identifyingOrganisationId: string;
  stage: string;
  assignedUserId: string;
  story: string;
  notes: string;
  journey: TLegDraft[];
  debt: TDebtDraft;
  recruitment: TRecruitmentDraft;
}

const PERSON_CORE = ['givenNames', 'familyName', 'aliases', 'sex', 'dateOfBirth', 'estimatedAge', 'ageRange', 'ageAssessment', 'ageUncertain', 'nationalities', 'languages', 'interpreterNeeded', 'vulnerabilities'];

/** The fields each step validates before moving on. */
export const STEP_FIELDS: string[][] = [
  PERSON_CORE.map((f) => `person.${f}`),
  ['person.contacts', 'person.identityDocuments'],
  ['situationType', 'exploitationForms', 'identifiedOn', 'identificationChannel', 'identifyingOrganisationId', 'stage', 'exploitationStartedOn', 'exploitationEndedOn', 'places'],
  ['story', 'notes', 'journey', 'recruitment', 'debt', 'person.healthNotes', 'assignedUserId'],
];
export const REVIEW_STEP = 4;

/** The step that holds a field, for jumping to the first error. */
export function stepOfPath(path: string): number {
  if (path.startsWith('person.contacts') || path.startsWith('person.identityDocuments')) return 1;
  if (path === 'person.healthNotes' || path === 'story' || path === 'notes' || path === 'assignedUserId') return 3;
  if (/^(journey|debt|recruitment)(\.|$)/.test(path)) return 3;
  if (path === 'person' || path.startsWith('person.') || path === 'personId') return 0;
  return 2;
}

export function errorPaths(errors: FieldErrors, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(errors)) {
    if (!v || typeof v !== 'object') continue;
    const path = prefix ? `${prefix}.${k}` : k;
    if ('message' in v && typeof (v as { message?: unknown }).message === 'string') out.push(path);
    else out.push(...errorPaths(v as FieldErrors, path));
  }
  return out;
}

export function emptyDraft(organisationId: string): TRegistrationDraft {
  return {
    person: {
      givenNames: '',
      familyName: '',
      aliases: [],
      sex: '',
      dateOfBirth: '',
      estimatedAge: undefined,
      ageRange: {},
      ageAssessment: { method: '', assessedOn: '' },
      ageUncertain: false,
      nationalities: [],
      languages: [],
      interpreterNeeded: false,
      contacts: [],
      identityDocuments: [],
      vulnerabilities: [],
      healthNotes: '',
    },
    situationType: 'undetermined',
    exploitationForms: [],
    places: [],
    identifiedOn: todayInCasablanca(),
    exploitationStartedOn: '',
    exploitationEndedOn: '',
    identificationChannel: '',
    identifyingOrganisationId: organisationId,
    stage: 'presumed_victim',
    assignedUserId: '',
    story: '',
    notes: '',
    journey: [],
    debt: debtDraft(),
    recruitment: recruitmentDraft(),
  };
}

/** `cleanValues`, and an optional group left entirely empty (age range, assessment, debt, recruitment) is absent, not `{}`. */
export function withoutEmptyGroups<T>(values: T, paths: string[], empty: undefined | null = undefined): unknown {
  const out = cleanValues(values) as Record<string, unknown>;
  for (const path of paths) {
    const keys = path.split('.');
    const last = keys.pop()!;
    const parent = keys.reduce<Record<string, unknown> | undefined>((o, k) => (o?.[k] as Record<string, unknown> | undefined), out);
    const v = parent?.[last];
    if (parent && v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) {
      if (empty === null) parent[last] = null;
      else delete parent[last];
    }
  }
  return out;
}

/** What the registration form sends: empty optional groups left out. */
export const prepareRegistration = (draft: TRegistrationDraft) => withoutEmptyGroups(draft, ['person.ageRange', 'person.ageAssessment', 'debt', 'recruitment']);
