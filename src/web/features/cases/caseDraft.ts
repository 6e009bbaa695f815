/** The case edit form's values, and the PATCH built from them. */
import { cleanValues } from '../../ui/clean';
import type { TCaseDetail } from './types';
import { withoutEmptyGroups } from './registration';
import { debtDraft, legDraft, recruitmentDraft, type TDebtDraft, type TLegDraft, type TRecruitmentDraft } from './StoryDetails';

export interface TCaseDraft {
  status: string;
  stage: string;
  assignedUserId: string;
  situationType: string;
  exploitationForms: string[];
  places: { kind: string; country: string; regionCode: string; provinceCode: string }[];
  identifiedOn: string;
  exploitationStartedOn: string;
  exploitationEndedOn: string;
  identificationChannel: string;
  identifyingOrganisationId: string;
  story: string;
  notes: string;
  journey: TLegDraft[];
  debt: TDebtDraft;
  recruitment: TRecruitmentDraft;
}

/** Only the managing organisation or a holder of the story category gets these three (all or none). */
const STORY_DETAILS = new Set(['journey', 'debt', 'recruitment']);

const NULLABLE = new Set(['assignedUserId', 'exploitationStartedOn', 'exploitationEndedOn', 'identifyingOrganisationId', 'story', 'notes']);

export function draftFromCase(c: TCaseDetail): TCaseDraft {
  return {
    status: c.status,
    stage: c.stage,
    assignedUserId: c.assignedUser?.id ?? '',
    situationType: c.situationType,
    exploitationForms: [...(c.exploitationForms ?? [])],
    places: (c.places ?? []).map((p) => ({ kind: p.kind, country: p.country, regionCode: p.regionCode ?? '', provinceCode: p.provinceCode ?? '' })),
    identifiedOn: c.identifiedOn ?? '',
    exploitationStartedOn: c.exploitationStartedOn ?? '',
    exploitationEndedOn: c.exploitationEndedOn ?? '',
    identificationChannel: c.identificationChannel ?? '',
    identifyingOrganisationId: c.identifyingOrganisation?.id ?? '',
    story: c.story ?? '',
    notes: c.notes ?? '',
    journey: (c.journey ?? []).map(legDraft),
    debt: debtDraft(c.debt),
    recruitment: recruitmentDraft(c.recruitment),
  };
}

export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Fields of the draft that differ from the case, ready for PATCH (empty optional values become null). */
export function changedFields(draft: TCaseDraft, base: TCaseDetail): Record<string, unknown> {
  const orig = draftFromCase(base);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(orig) as (keyof TCaseDraft)[]) {
    if (key === 'story' && base.story === undefined) continue;
    if (key === 'notes' && base.notes === undefined) continue;
    if (key === 'assignedUserId' && !base.abilities.assign) continue;
    if (STORY_DETAILS.has(key) && base.journey === undefined) continue;
    const value = draft[key];
    if (same(value, orig[key])) continue;
    if (key === 'debt' || key === 'recruitment') out[key] = (withoutEmptyGroups({ [key]: value }, [key], null) as Record<string, unknown>)[key] ?? null;
    else if (key === 'journey') out[key] = cleanValues(value);
    else if (NULLABLE.has(key)) out[key] = typeof value === 'string' && value.trim() === '' ? null : value;
    else if (key === 'places') out[key] = cleanValues(value);
    else out[key] = value;
  }
  return out;
}
