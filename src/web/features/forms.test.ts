// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ZCaseCreate, ZCaseUpdate } from '../../contract/cases';
import { ZPersonUpdate, type TPersonView } from '../../contract/persons';
import { cleanValues } from '../ui/clean';
import { changedFields, draftFromCase } from './cases/caseDraft';
import { emptyDraft, prepareRegistration, stepOfPath } from './cases/registration';
import type { TCaseDetail } from './cases/types';
import { draftFromPerson, personPatch } from './persons/personDraft';

const ORG = '01a222d7-52a6-7e66-9f57-e0ea5b973de2';
const OTHER = '01a222d7-52a6-7e66-9f57-e0ea5b973de3';

const person: TPersonView = {
  id: '01a222d7-52a6-7e66-9f57-e0ea5b973de4',
  version: 3,
  pseudonym: 'P-XYZ',
  sex: 'female',
  ageGroup: 'child',
  treatedAsChild: true,
  ageUncertain: true,
  age: 16,
  nationalities: ['NG'],
  languages: ['eng'],
  interpreterNeeded: false,
  vulnerabilities: ['unaccompanied_child'],
  visibleCategories: ['identity', 'contact'],
  identity: { givenNames: 'Blessing', familyName: null, aliases: ['Bee'], dateOfBirth: null, estimatedAge: 16, ageRange: null, ageAssessment: null },
  contacts: [{ kind: 'phone', value: '+212600000000' }],
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

const caseDetail: TCaseDetail = {
  id: '01a222d7-52a6-7e66-9f57-e0ea5b973de5',
  reference: 'NRM-2026-000001',
  version: 5,
  status: 'active',
  stage: 'presumed_victim',
  situationType: 'trafficking',
  exploitationForms: ['forced_begging'],
  identificationStatus: 'presumed',
  places: [{ kind: 'exploitation', country: 'MA', regionCode: 'MA-06' }],
  identifiedOn: '2026-03-01',
  exploitationStartedOn: null,
  exploitationEndedOn: null,
  identificationChannel: 'ngo_outreach',
  identifyingOrganisation: { id: ORG, name: 'A' },
  managingOrganisation: { id: ORG, name: 'A' },
  assignedUser: null,
  story: null,
  notes: 'first note',
  person,
  access: 'manager',
  abilities: { update: true, assign: true, addAttachment: true, readAttachments: true },
  createdAt: '2026-03-01T10:00:00Z',
  updatedAt: '2026-03-01T10:00:00Z',
};

describe('cleanValues', () => {
  it('drops empty strings, NaN and empty list items, keeps false and 0', () => {
    expect(cleanValues({ a: '', b: 'x', c: [' ', '', 'y'], d: { e: '', f: 0, g: false }, h: Number.NaN })).toEqual({
      b: 'x',
      c: [' ', 'y'],
      d: { f: 0, g: false },
    });
  });
});

describe('registration draft', () => {
  it('validates against ZCaseCreate once the required fields are filled', () => {
    const d = emptyDraft(ORG);
    expect(ZCaseCreate.safeParse(prepareRegistration(d)).success).toBe(false);
    d.person.givenNames = 'Amina';
    d.person.sex = 'female';
    d.identificationChannel = 'hotline';
    const r = ZCaseCreate.safeParse(prepareRegistration(d));
    expect(r.success).toBe(true);
    expect(r.data?.identifyingOrganisationId).toBe(ORG);
  });
  it('sends API field paths to the right step', () => {
    expect(stepOfPath('person.givenNames')).toBe(0);
    expect(stepOfPath('person.contacts.0.value')).toBe(1);
    expect(stepOfPath('places.1.country')).toBe(2);
    expect(stepOfPath('notes')).toBe(3);
  });
});

describe('case PATCH', () => {
  it('contains only changed fields, with empty optional values as null', () => {
    const d = draftFromCase(caseDetail);
    expect(changedFields(d, caseDetail)).toEqual({});
    d.status = 'follow_up';
    d.notes = '';
    d.assignedUserId = OTHER;
    const patch = { version: caseDetail.version, ...changedFields(d, caseDetail) };
    expect(patch).toEqual({ version: 5, status: 'follow_up', notes: null, assignedUserId: OTHER });
    expect(ZCaseUpdate.safeParse(patch).success).toBe(true);
  });
  it('never sends fields the reader cannot see or may not change', () => {
    const hidden = { ...caseDetail, story: undefined, abilities: { ...caseDetail.abilities, assign: false } };
    const d = draftFromCase(hidden);
    d.story = 'typed';
    d.assignedUserId = OTHER;
    expect(changedFields(d, hidden)).toEqual({});
  });
  it('cleans places (no empty region codes)', () => {
    const d = draftFromCase(caseDetail);
    d.places = [{ kind: 'origin', country: 'NG', regionCode: '', provinceCode: '' }];
    expect(changedFields(d, caseDetail)).toEqual({ places: [{ kind: 'origin', country: 'NG' }] });
  });
});

describe('person PATCH', () => {
  it('sends every visible field so list fields are never reset by defaults', () => {
    const d = draftFromPerson(person);
    d.interpreterNeeded = true;
    const body = personPatch(d, person);
    expect(body).toMatchObject({ version: 3, interpreterNeeded: true, aliases: ['Bee'], nationalities: ['NG'], contacts: [{ kind: 'phone', value: '+212600000000' }] });
    expect(body).not.toHaveProperty('identityDocuments');
    expect(body).not.toHaveProperty('healthNotes');
    expect(body).not.toHaveProperty('familyName');
    expect(ZPersonUpdate.safeParse(body).success).toBe(true);
  });
  it('leaves identity out when it is hidden', () => {
    const hidden = { ...person, identity: undefined, contacts: undefined };
    const body = personPatch(draftFromPerson(hidden), hidden);
    expect(body).not.toHaveProperty('givenNames');
    expect(body).not.toHaveProperty('aliases');
    expect(body).not.toHaveProperty('contacts');
  });
});
