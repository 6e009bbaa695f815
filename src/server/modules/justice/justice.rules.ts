/**
 * Consistency rules of a proceeding, as pure functions: stages follow one another, every date of a stage
 * reached is on or after the dates of the stages before it, no date is given for a stage not reached, and
 * a defendant's outcome needs the proceeding to have reached the stage where it can be decided.
 */
import { PROCEEDING_STAGES, STAGE_DATE_FIELDS, type TProceedingStage, type TStageDateField } from '../../../contract/justice';
import type { FieldError } from '../../platform/errors';

export type StageDates = Partial<Record<TStageDateField, string | null | undefined>>;

export const stageIndex = (s: string) => PROCEEDING_STAGES.indexOf(s as TProceedingStage);

/** Field errors of a stage with its dates (today: the local date where users are). */
export function checkStages(stage: TProceedingStage, dates: StageDates, today: string, previousStage?: string): FieldError[] {
  const errors: FieldError[] = [];
  const current = stageIndex(stage);
  if (previousStage !== undefined && current < stageIndex(previousStage)) errors.push({ path: 'stage', code: 'stage_backwards' });
  let latest: string | null = null;
  PROCEEDING_STAGES.forEach((s, i) => {
    const field = STAGE_DATE_FIELDS[s];
    const value = dates[field] ?? null;
    if (i > current) {
      if (value) errors.push({ path: field, code: 'stage_not_reached' });
      return;
    }
    // The date of the current stage is needed; a judgment is needed before an appeal or a final decision.
    const needed = i === current || (s === 'judgment' && current > i);
    if (!value) {
      if (needed && s !== 'complaint') errors.push({ path: field, code: 'required' });
      return;
    }
    if (value > today) errors.push({ path: field, code: 'date_in_future' });
    else if (latest && value < latest) errors.push({ path: field, code: 'before_previous_stage' });
    if (!latest || value > latest) latest = value;
  });
  return errors;
}

/** Field errors of a defendant's outcome against the proceeding's stage. */
export function checkOutcome(
  stage: string,
  v: { outcome: string | null; outcomeOn: string | null; compensationOrderedMad: number | null; compensationPaidMad: number | null; sentenceMonths: number | null },
  dates: { complaintOn: string },
  today: string,
): FieldError[] {
  const errors: FieldError[] = [];
  // Convictions and acquittals are decided by a judgment; a dismissal may come earlier (classement, non-lieu).
  if ((v.outcome === 'convicted' || v.outcome === 'acquitted') && stageIndex(stage) < stageIndex('judgment')) errors.push({ path: 'outcome', code: 'outcome_needs_judgment' });
  if (v.outcome && !v.outcomeOn) errors.push({ path: 'outcomeOn', code: 'required' });
  if (v.outcomeOn && v.outcomeOn > today) errors.push({ path: 'outcomeOn', code: 'date_in_future' });
  else if (v.outcomeOn && v.outcomeOn < dates.complaintOn) errors.push({ path: 'outcomeOn', code: 'before_previous_stage' });
  if (v.outcome !== 'convicted' && v.sentenceMonths) errors.push({ path: 'sentenceMonths', code: 'outcome_needs_judgment' });
  if (v.compensationPaidMad && !v.compensationOrderedMad) errors.push({ path: 'compensationPaidMad', code: 'paid_exceeds_ordered' });
  else if (v.compensationPaidMad && v.compensationOrderedMad && v.compensationPaidMad > v.compensationOrderedMad) errors.push({ path: 'compensationPaidMad', code: 'paid_exceeds_ordered' });
  return errors;
}
