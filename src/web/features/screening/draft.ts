/** The screening interview's values while it is being filled in, and the body sent to the API. */
import { ZInterviewConditions, type TCatalogueView } from '../../../contract/screening';
import { cleanValues } from '../../ui/clean';

export type TAnswer = '' | 'yes' | 'no' | 'unknown';

export interface TScreeningDraft {
  set: string;
  conditions: {
    consentToInterview: boolean;
    interpreterUsed: boolean;
    interviewLanguage: string;
    interviewerSex: string;
    personChoseInterviewerSex: boolean;
    place: string;
  };
  answers: Record<string, TAnswer>;
  notes: string;
}

export const INTERVIEW_PLACES = ZInterviewConditions.shape.place.options;
export const INTERVIEWER_SEXES = ['female', 'male', 'other'] as const;
export const CONDITION_FIELDS = [
  'set',
  'conditions.consentToInterview',
  'conditions.interpreterUsed',
  'conditions.interviewLanguage',
  'conditions.interviewerSex',
  'conditions.personChoseInterviewerSex',
  'conditions.place',
] as const;

/** The set proposed first: the validated labour set of the person's population (child pathway when treated as a child). */
export function defaultSet(catalogue: TCatalogueView, treatedAsChild: boolean): string {
  const population = treatedAsChild ? 'child' : 'adult';
  const candidates = catalogue.sets.filter((s) => s.population === population);
  return (candidates.find((s) => s.status === 'validated' && s.exploitation === 'labour') ?? candidates.find((s) => s.status === 'validated') ?? candidates[0])?.code ?? '';
}

/** The answers of the chosen set only, unanswered questions left out, ready for the contract. */
export function screeningBody(draft: TScreeningDraft, catalogue: TCatalogueView): unknown {
  const set = catalogue.sets.find((s) => s.code === draft.set);
  const ids = new Set(set?.dimensions.flatMap((d) => d.indicators.map((i) => i.id)) ?? []);
  const answers = Object.fromEntries(Object.entries(draft.answers ?? {}).filter(([id, v]) => ids.has(id) && !!v));
  return cleanValues({ catalogueVersion: catalogue.version, set: draft.set, answers, conditions: draft.conditions, notes: draft.notes });
}
