import { describe, expect, it } from 'vitest';
import { checkCompensation, checkOutcome, checkStages } from '../../src/server/modules/justice/justice.rules';

const TODAY = '2026-11-30';
const codes = (e: { path: string; code: string }[]) => e.map((x) => `${x.path}:${x.code}`);

describe('proceeding stages and dates', () => {
  it('accepts a consistent sequence (stages may be skipped, not the judgment before an appeal)', () => {
    expect(checkStages('appeal', { complaintOn: '2025-01-10', prosecutionOn: '2025-03-01', judgmentOn: '2025-12-01', appealOn: '2026-01-15' }, TODAY)).toEqual([]);
    expect(codes(checkStages('appeal', { complaintOn: '2025-01-10', appealOn: '2026-01-15' }, TODAY))).toEqual(['judgmentOn:required']);
  });
  it('refuses a judgment before the complaint, dates of stages not reached, future dates and going back', () => {
    expect(codes(checkStages('judgment', { complaintOn: '2025-06-01', judgmentOn: '2025-05-01' }, TODAY))).toEqual(['judgmentOn:before_previous_stage']);
    expect(codes(checkStages('investigation', { complaintOn: '2025-06-01', investigationOn: '2025-06-02', judgmentOn: '2025-07-01' }, TODAY))).toEqual(['judgmentOn:stage_not_reached']);
    expect(codes(checkStages('trial', { complaintOn: '2025-06-01' }, TODAY))).toEqual(['trialOn:required']);
    expect(codes(checkStages('complaint', { complaintOn: '2027-01-01' }, TODAY))).toEqual(['complaintOn:date_in_future']);
    expect(codes(checkStages('investigation', { complaintOn: '2025-06-01', investigationOn: '2025-07-01' }, TODAY, 'trial'))).toEqual(['stage:stage_backwards']);
  });
  it('outcomes: a conviction needs a judgment; paid compensation cannot exceed what was ordered', () => {
    const v = { outcome: 'convicted', outcomeOn: '2025-09-01', compensationOrderedMad: 1000, compensationPaidMad: 2000, sentenceMonths: 60 };
    expect(codes(checkOutcome('trial', v, { complaintOn: '2025-01-01' }, TODAY))).toEqual(['outcome:outcome_needs_judgment', 'compensationOrderedMad:compensation_needs_judgment', 'compensationPaidMad:paid_exceeds_ordered']);
    expect(checkOutcome('judgment', { ...v, compensationPaidMad: 500 }, { complaintOn: '2025-01-01' }, TODAY)).toEqual([]);
    expect(codes(checkOutcome('investigation', { ...v, outcome: 'dismissed', sentenceMonths: null, compensationOrderedMad: null, compensationPaidMad: null }, { complaintOn: '2025-01-01' }, TODAY))).toEqual([]);
    // Compensation is ordered by a judgment, never before (issue 13).
    expect(codes(checkOutcome('investigation', { ...v, outcome: 'dismissed', sentenceMonths: null, compensationPaidMad: null }, { complaintOn: '2025-01-01' }, TODAY))).toEqual(['compensationOrderedMad:compensation_needs_judgment']);
    expect(codes(checkOutcome('judgment', { ...v, outcomeOn: '2024-01-01', compensationPaidMad: null }, { complaintOn: '2025-01-01' }, TODAY))).toEqual(['outcomeOn:before_previous_stage']);
  });
  it('compensation: a claim from the complaint on, an order only after the judgment (or the appeal), a payment after the order', () => {
    const dates = { complaintOn: '2025-01-10', judgmentOn: '2025-12-01', appealOn: null };
    const none = { orderedOn: null, orderInstance: null, amountOrdered: null, paymentStatus: null, amountPaid: null, paidOn: null };
    const order = { orderedOn: '2025-12-01', orderInstance: 'first_instance', amountOrdered: 50000 };
    expect(checkCompensation('trial', dates, { filedOn: '2025-03-01', ...none }, TODAY)).toEqual([]);
    expect(codes(checkCompensation('trial', dates, { filedOn: '2025-01-01', ...none }, TODAY))).toEqual(['filedOn:before_previous_stage']);
    expect(codes(checkCompensation('trial', { ...dates, judgmentOn: null }, { filedOn: '2025-03-01', ...none, ...order }, TODAY))).toEqual(['amountOrdered:compensation_needs_judgment']);
    expect(checkCompensation('judgment', dates, { filedOn: '2025-03-01', ...none, ...order }, TODAY)).toEqual([]);
    expect(codes(checkCompensation('judgment', dates, { filedOn: '2025-03-01', ...none, ...order, orderInstance: 'appeal' }, TODAY))).toEqual(['orderInstance:stage_not_reached']);
    expect(codes(checkCompensation('judgment', dates, { filedOn: '2025-03-01', ...none, ...order, orderedOn: '2025-11-30' }, TODAY))).toEqual(['orderedOn:before_previous_stage']);
    expect(codes(checkCompensation('judgment', dates, { filedOn: '2025-03-01', ...none, orderedOn: '2025-12-02' }, TODAY))).toEqual(['amountOrdered:required', 'orderInstance:required']);
    expect(codes(checkCompensation('trial', dates, { filedOn: '2025-03-01', ...none, paymentStatus: 'unpaid' }, TODAY))).toEqual(['paymentStatus:payment_needs_order']);
    const paid = (paymentStatus: string, amountPaid: number | null) => codes(checkCompensation('judgment', dates, { filedOn: '2025-03-01', ...none, ...order, paymentStatus, amountPaid }, TODAY));
    expect(paid('paid', 50000)).toEqual([]);
    expect(paid('partially_paid', 10000)).toEqual([]);
    expect(paid('unpaid', null)).toEqual([]);
    expect(paid('unenforceable', 5000)).toEqual([]);
    expect(paid('paid', 10000)).toEqual(['paymentStatus:payment_status_mismatch']);
    expect(paid('partially_paid', 60000)).toEqual(['amountPaid:paid_exceeds_ordered', 'paymentStatus:payment_status_mismatch']);
    expect(paid('unpaid', 100)).toEqual(['paymentStatus:payment_status_mismatch']);
  });
});
