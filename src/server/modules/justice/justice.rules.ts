/**
 * Consistency rules of a proceeding, as pure functions: stages follow one another, every date of a stage
 * reached is on or after the dates of the stages before it, no date is given for a stage not reached, and
 * a defendant's outcome needs the proceeding to have reached the stage where it can be decided, and so does
 * compensation: a victim's claim (partie civile) may be filed from the complaint on, but the order that answers
 * it needs a judgment (at first instance, or on appeal once appealed), and what is paid follows the order.
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
  // Compensation is ordered by a judgment (first instance or appeal), never before.
  if (v.compensationOrderedMad != null && stageIndex(stage) < stageIndex('judgment')) errors.push({ path: 'compensationOrderedMad', code: 'compensation_needs_judgment' });
  if (v.compensationPaidMad && !v.compensationOrderedMad) errors.push({ path: 'compensationPaidMad', code: 'paid_exceeds_ordered' });
  else if (v.compensationPaidMad && v.compensationOrderedMad && v.compensationPaidMad > v.compensationOrderedMad) errors.push({ path: 'compensationPaidMad', code: 'paid_exceeds_ordered' });
  return errors;
}

export type ClaimValues = {
  filedOn: string;
  orderedOn: string | null;
  orderInstance: string | null;
  amountOrdered: number | null;
  paymentStatus: string | null;
  amountPaid: number | null;
  paidOn: string | null;
};

/** Field errors of a victim's compensation claim, its order and its payment against the proceeding's stage. */
export function checkCompensation(stage: string, dates: { complaintOn: string; judgmentOn: string | null; appealOn: string | null }, v: ClaimValues, today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (v.filedOn > today) errors.push({ path: 'filedOn', code: 'date_in_future' });
  else if (v.filedOn < dates.complaintOn) errors.push({ path: 'filedOn', code: 'before_previous_stage' });

  const ordered = v.orderedOn !== null || v.amountOrdered !== null || v.orderInstance !== null;
  if (ordered) {
    const judged = stageIndex(stage) >= stageIndex('judgment') && !!dates.judgmentOn;
    if (!judged) errors.push({ path: 'amountOrdered', code: 'compensation_needs_judgment' });
    else if (v.orderInstance === 'appeal' && !dates.appealOn) errors.push({ path: 'orderInstance', code: 'stage_not_reached' });
    if (v.amountOrdered === null) errors.push({ path: 'amountOrdered', code: 'required' });
    if (v.orderInstance === null) errors.push({ path: 'orderInstance', code: 'required' });
    if (v.orderedOn === null) errors.push({ path: 'orderedOn', code: 'required' });
    else if (v.orderedOn > today) errors.push({ path: 'orderedOn', code: 'date_in_future' });
    else {
      const decision = v.orderInstance === 'appeal' ? dates.appealOn : dates.judgmentOn;
      if ((decision && v.orderedOn < decision) || v.orderedOn < v.filedOn) errors.push({ path: 'orderedOn', code: 'before_previous_stage' });
    }
  }

  const paying = v.paymentStatus !== null || v.amountPaid !== null || v.paidOn !== null;
  if (paying && !ordered) {
    errors.push({ path: 'paymentStatus', code: 'payment_needs_order' });
    return errors;
  }
  if (!paying) return errors;
  const owed = v.amountOrdered ?? 0;
  const paid = v.amountPaid ?? 0;
  if (paid > owed) errors.push({ path: 'amountPaid', code: 'paid_exceeds_ordered' });
  if (v.paymentStatus === null) errors.push({ path: 'paymentStatus', code: 'required' });
  else {
    const consistent =
      v.paymentStatus === 'paid' ? paid === owed && owed > 0
        : v.paymentStatus === 'partially_paid' ? paid > 0 && paid < owed
          : v.paymentStatus === 'unpaid' ? paid === 0
            : paid < owed; // unenforceable: whatever could be recovered, less than ordered
    if (!consistent) errors.push({ path: 'paymentStatus', code: 'payment_status_mismatch' });
  }
  if (v.paidOn !== null) {
    if (v.paidOn > today) errors.push({ path: 'paidOn', code: 'date_in_future' });
    else if (v.orderedOn && v.paidOn < v.orderedOn) errors.push({ path: 'paidOn', code: 'before_previous_stage' });
  }
  return errors;
}
