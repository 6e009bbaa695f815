/** The person edit form's values, and the PATCH built from them. */
import type { TPersonView } from '../../../contract/persons';
import { cleanValues } from '../../ui/clean';

export interface TPersonDraft {
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
  vulnerabilities: string[];
  healthNotes: string;
  contacts: { kind: string; value: string; note: string }[];
  identityDocuments: { type: string; number: string; issuingCountry: string; expiresOn: string; heldBy: string }[];
}

export function draftFromPerson(p: TPersonView): TPersonDraft {
  return {
    givenNames: p.identity?.givenNames ?? '',
    familyName: p.identity?.familyName ?? '',
    aliases: p.identity?.aliases ?? [],
    sex: p.sex,
    dateOfBirth: p.identity?.dateOfBirth ?? '',
    estimatedAge: p.identity?.estimatedAge ?? undefined,
    ageRange: p.identity?.ageRange ? { ...p.identity.ageRange } : {},
    ageAssessment: { method: p.identity?.ageAssessment?.method ?? '', assessedOn: p.identity?.ageAssessment?.assessedOn ?? '' },
    ageUncertain: p.ageUncertain,
    nationalities: [...p.nationalities],
    languages: [...p.languages],
    interpreterNeeded: p.interpreterNeeded,
    vulnerabilities: [...p.vulnerabilities],
    healthNotes: p.healthNotes ?? '',
    contacts: (p.contacts ?? []).map((c) => ({ kind: c.kind, value: c.value, note: c.note ?? '' })),
    identityDocuments: (p.identityDocuments ?? []).map((d) => ({
      type: d.type,
      number: d.number,
      issuingCountry: d.issuingCountry ?? '',
      expiresOn: d.expiresOn ?? '',
      heldBy: d.heldBy ?? 'person',
    })),
  };
}

/**
 * The PATCH body: every field the reader can see, as currently in the form. Sending the whole visible
 * record (not only the changed fields) keeps list fields intact even if absent keys were defaulted.
 */
export function personPatch(draft: TPersonDraft, base: TPersonView): Record<string, unknown> {
  const body: Record<string, unknown> = {
    version: base.version,
    sex: draft.sex,
    ageUncertain: draft.ageUncertain,
    nationalities: draft.nationalities,
    languages: draft.languages,
    interpreterNeeded: draft.interpreterNeeded,
    vulnerabilities: draft.vulnerabilities,
  };
  if (base.identity) {
    Object.assign(body, {
      givenNames: draft.givenNames,
      familyName: draft.familyName,
      aliases: draft.aliases,
      dateOfBirth: draft.dateOfBirth,
      estimatedAge: draft.estimatedAge,
      ageRange: draft.ageRange,
      ageAssessment: draft.ageAssessment,
    });
  }
  if (base.contacts !== undefined) body.contacts = draft.contacts;
  if (base.identityDocuments !== undefined) body.identityDocuments = draft.identityDocuments;
  if (base.healthNotes !== undefined) body.healthNotes = draft.healthNotes;
  const cleaned = cleanValues(body) as Record<string, unknown>;
  // An age range or assessment left empty is cleared (null), not sent as an empty object.
  if (base.identity) for (const k of ['ageRange', 'ageAssessment']) if (!cleaned[k] || Object.keys(cleaned[k] as object).length === 0) cleaned[k] = null;
  return cleaned;
}

export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
