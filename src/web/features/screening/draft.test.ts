// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ZScreeningCreate, type TCatalogueView } from '../../../contract/screening';
import { isDecidingOrganisation } from '../identification/api';
import { defaultSet, screeningBody, type TScreeningDraft } from './draft';

const indicator = (id: string) => ({ id, level: 'medium' as const, label: id, question: `${id}?` });
const dimension = (code: 'deceptive_recruitment' | 'exploitative_conditions', ids: string[]) => ({
  code,
  label: code,
  phase: code === 'deceptive_recruitment' ? ('recruitment' as const) : ('destination' as const),
  phaseLabel: code === 'deceptive_recruitment' ? 'Recruitment' : 'Destination',
  indicators: ids.map(indicator),
});
const catalogue: TCatalogueView = {
  id: 'ilo-ec-2009',
  version: '2026.1',
  versions: ['2026.1'],
  dimensionRule: '',
  dimensionCombinations: [{ strong: 2 }],
  sets: [
    { code: 'adult_sexual', label: 'AS', population: 'adult', exploitation: 'sexual', status: 'draft_pending_validation', dimensions: [dimension('deceptive_recruitment', ['AS-DR-01'])] },
    { code: 'adult_labour', label: 'AL', population: 'adult', exploitation: 'labour', status: 'validated', dimensions: [dimension('deceptive_recruitment', ['AL-DR-01', 'AL-DR-02']), dimension('exploitative_conditions', ['AL-EC-01'])] },
    { code: 'child_labour', label: 'CL', population: 'child', exploitation: 'labour', status: 'validated', dimensions: [dimension('exploitative_conditions', ['CL-EC-01'])] },
  ],
};

const draft = (over: Partial<TScreeningDraft> = {}): TScreeningDraft => ({
  set: 'adult_labour',
  conditions: { consentToInterview: true, interpreterUsed: false, interviewLanguage: '', interviewerSex: '', personChoseInterviewerSex: false, place: 'shelter' },
  answers: {},
  notes: '',
  ...over,
});

describe('screening draft', () => {
  it('proposes the validated labour set of the population, the child pathway for a child', () => {
    expect(defaultSet(catalogue, false)).toBe('adult_labour');
    expect(defaultSet(catalogue, true)).toBe('child_labour');
  });
  it('sends only the answered questions of the chosen set, with the catalogue version', () => {
    const body = screeningBody(draft({ answers: { 'AL-DR-01': 'yes', 'AL-DR-02': '', 'AL-EC-01': 'unknown', 'CL-EC-01': 'no' } }), catalogue);
    expect(body).toEqual({
      catalogueVersion: '2026.1',
      set: 'adult_labour',
      answers: { 'AL-DR-01': 'yes', 'AL-EC-01': 'unknown' },
      conditions: { consentToInterview: true, interpreterUsed: false, personChoseInterviewerSex: false, place: 'shelter' },
    });
    expect(ZScreeningCreate.safeParse(body).success).toBe(true);
  });
});

describe('identification configuration bundled in the web app', () => {
  it('knows the deciding organisations and the extendable deadlines', () => {
    expect(isDecidingOrganisation({ type: 'prosecution', active: true })).toBe(true);
    expect(isDecidingOrganisation({ type: 'prosecution', active: false })).toBe(false);
    expect(isDecidingOrganisation({ type: 'police', active: true })).toBe(false);
  });
});
