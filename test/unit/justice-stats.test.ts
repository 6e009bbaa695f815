/**
 * The justice statistics feed against hand-computed fixtures (k = 5): counts by sex × citizenship, primary
 * suppression of small cells, complementary suppression so no suppressed value can be recovered from a
 * total, proceedings by stage, the median time from complaint to judgment, compensation ordered vs paid.
 */
import { describe, expect, it } from 'vitest';
import { justiceStatistics, median, protectTable1, protectTable2, type StatsDefendant, type StatsProceeding } from '../../src/server/modules/justice/justice.stats';

const S = (value: number) => ({ value, suppressed: false });
const X = { value: null, suppressed: true };

function defendants(sex: string, nationality: string | null, n: number, extra: Partial<StatsDefendant> = {}): StatsDefendant[] {
  return Array.from({ length: n }, () => ({ sex, nationality, prosecuted: false, outcome: null, compensationOrderedMad: null, compensationPaidMad: null, ...extra }));
}

describe('disclosure control', () => {
  it('suppresses small cells and enough others that no line gives them away', () => {
    // female: 6 Moroccan, 2 foreign; male: 10 Moroccan, 7 foreign, 1 unknown.
    const t = protectTable2(['female', 'male', 'other_unknown'], ['moroccan', 'foreign', 'unknown'], [[6, 2, 0], [10, 7, 1], [0, 0, 0]], 5);
    expect(t.cells).toEqual([[X, X, S(0)], [X, X, X], [S(0), S(0), S(0)]]);
    expect(t.rowTotals).toEqual([S(8), S(18), S(0)]);
    expect(t.colTotals).toEqual([S(16), X, X]);
    expect(t.total).toEqual(S(26));
    // Every line has either no suppressed entry or at least two.
    const lines = [...t.cells.map((r, i) => [...r, t.rowTotals[i]!]), ...t.cols.map((_, j) => [...t.cells.map((r) => r[j]!), t.colTotals[j]!]), [...t.rowTotals, t.total], [...t.colTotals, t.total]];
    for (const line of lines) expect(line.filter((c) => c.suppressed).length).not.toBe(1);
  });

  it('leaves a table with no small cell untouched', () => {
    const t = protectTable2(['a', 'b'], ['x', 'y'], [[5, 9], [12, 0]], 5);
    expect(t.cells).toEqual([[S(5), S(9)], [S(12), S(0)]]);
    expect(t.total).toEqual(S(26));
  });

  it('one-way tables: a single small cell takes the next smallest with it', () => {
    expect(protectTable1(['a', 'b', 'c', 'd'], [7, 1, 6, 0], 5)).toEqual({ keys: ['a', 'b', 'c', 'd'], cells: [S(7), X, X, S(0)], total: S(14) });
    expect(protectTable1(['a', 'b'], [3, 2], 5)).toEqual({ keys: ['a', 'b'], cells: [X, X], total: S(5) });
    expect(protectTable1(['a', 'b'], [3, 0], 5)).toEqual({ keys: ['a', 'b'], cells: [X, S(0)], total: X });
  });

  it('median of odd and even lists', () => {
    expect(median([400, 100, 1000, 300, 200])).toBe(300);
    expect(median([1, 2, 3, 10])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('justice statistics feed', () => {
  const list: StatsDefendant[] = [
    // prosecuted and convicted Moroccan women (5 of 6 convicted)
    ...defendants('female', 'MA', 5, { prosecuted: true, outcome: 'convicted' }),
    ...defendants('female', 'MA', 1, { prosecuted: true, outcome: 'acquitted' }),
    ...defendants('female', 'NG', 2),
    // men: 4 Moroccans convicted, 6 prosecuted not yet judged; 7 foreigners convicted; 1 of unknown citizenship
    ...defendants('male', 'MA', 4, { prosecuted: true, outcome: 'convicted' }),
    ...defendants('male', 'MA', 6, { prosecuted: true }),
    ...defendants('male', 'SN', 7, { prosecuted: true, outcome: 'convicted' }),
    ...defendants('male', null, 1, { outcome: 'dismissed' }),
  ];
  // Compensation ordered for six convicted persons; three paid in full.
  const ordered = [10_000, 20_000, 30_000, 40_000, 50_000, 60_000];
  const paid = [10_000, 0, 30_000, 0, 5_000, 60_000];
  ordered.forEach((o, i) => Object.assign(list[i === 5 ? 6 : i]!, { compensationOrderedMad: o, compensationPaidMad: paid[i] }));

  const stages = { complaint: 0, investigation: 3, prosecution: 6, trial: 2, judgment: 7, appeal: 0, final: 5 };
  const proceedings: StatsProceeding[] = Object.entries(stages).flatMap(([stage, n]) => Array.from({ length: n }, () => ({ stage, complaintOn: '2025-01-01', judgmentOn: null as string | null })));
  // The five final ones were judged 100, 200, 300, 400 and 1000 days after the complaint.
  ['2025-04-11', '2025-07-20', '2025-10-28', '2026-02-05', '2027-09-28'].forEach((d, i) => (proceedings.filter((p) => p.stage === 'final')[i]!.judgmentOn = d));

  const nonPunishment = [...Array(7).fill({ status: 'open' }), { status: 'not_prosecuted' }, ...Array(6).fill({ status: 'non_punishment_applied' })];
  const stats = justiceStatistics({ defendants: list, proceedings, nonPunishment }, 5, 2025);

  it('suspects by sex and citizenship', () => {
    expect(stats.suspects.cells).toEqual([[X, X, S(0)], [X, X, X], [S(0), S(0), S(0)]]);
    expect(stats.suspects.rowTotals).toEqual([S(8), S(18), S(0)]);
    expect(stats.suspects.colTotals).toEqual([S(16), X, X]);
    expect(stats.suspects.total).toEqual(S(26));
  });

  it('prosecuted: no small cell, nothing suppressed', () => {
    expect(stats.prosecuted.cells).toEqual([[S(6), S(0), S(0)], [S(10), S(7), S(0)], [S(0), S(0), S(0)]]);
    expect(stats.prosecuted.total).toEqual(S(23));
  });

  it('convicted: 4 Moroccan men suppressed, with the cells and totals that would reveal them', () => {
    expect(stats.convicted.cells).toEqual([[X, S(0), S(0)], [X, X, S(0)], [S(0), S(0), S(0)]]);
    expect(stats.convicted.rowTotals).toEqual([X, X, S(0)]);
    expect(stats.convicted.colTotals).toEqual([X, X, S(0)]);
    expect(stats.convicted.total).toEqual(S(16));
  });

  it('proceedings by stage, median time to judgment, compensation and non-punishment', () => {
    expect(stats.proceedingsByStage.cells).toEqual([S(0), X, S(6), X, S(7), S(0), S(5)]);
    expect(stats.proceedingsByStage.total).toEqual(S(23));
    expect(stats.medianDaysComplaintToJudgment).toEqual(S(300));
    expect(stats.judgedProceedings).toEqual(S(5));
    expect(stats.compensation).toEqual({ defendantsOrdered: S(6), orderedMad: S(210_000), paidMad: S(105_000), defendantsPaidInFull: X });
    expect(stats.nonPunishment.cells).toEqual([S(7), X, X, S(0)]);
    expect(stats.threshold).toBe(5);
  });

  it('a median over fewer than k proceedings is not shown', () => {
    const few = justiceStatistics({ defendants: [], proceedings: proceedings.filter((p) => p.judgmentOn).slice(0, 4), nonPunishment: [] }, 5);
    expect(few.medianDaysComplaintToJudgment).toEqual(X);
    expect(few.compensation.orderedMad).toEqual({ value: null, suppressed: false });
  });
});
