/** The registration form: its values while being filled in, its steps, and where each field lives. */
import type { FieldErrors } from 'react-hook-form';
import { todayInCasablanca } from '../../ui/dates';

/** What the form holds while it is being filled in (strings for empty fields, cleaned before validation). */
export interface TRegistrationDraft {
  person: {
    givenNames: string;
    familyName: string;
    aliases: string[];
    sex: string;
    dateOfBirth: string;
    estimatedAge?: number;
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
}

const PERSON_CORE = ['givenNames', 'familyName', 'aliases', 'sex', 'dateOfBirth', 'estimatedAge', 'ageUncertain', 'nationalities', 'languages', 'interpreterNeeded', 'vulnerabilities'];

/** The fields each step validates before moving on. */
export const STEP_FIELDS: string[][] = [
  PERSON_CORE.map((f) => `person.${f}`),
  ['person.contacts', 'person.identityDocuments'],
  ['situationType', 'exploitationForms', 'identifiedOn', 'identificationChannel', 'identifyingOrganisationId', 'stage', 'exploitationStartedOn', 'exploitationEndedOn', 'places'],
  ['story', 'notes', 'person.healthNotes', 'assignedUserId'],
];
export const REVIEW_STEP = 4;

/** The step that holds a field, for jumping to the first error. */
export function stepOfPath(path: string): number {
  if (path.startsWith('person.contacts') || path.startsWith('person.identityDocuments')) return 1;
  if (path === 'person.healthNotes' || path === 'story' || path === 'notes' || path === 'assignedUserId') return 3;
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
  };
}
