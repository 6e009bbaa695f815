/**
 * The justice statistics feed, as pure functions: counts from justice rows, then disclosure control.
 * Kept small and free of I/O so the general statistics layer (issue 5) can swap the disclosure step.
 *
 * Disclosure control: a cell with 0 < n < threshold is suppressed (primary suppression). Then every line of
 * the table (each row with its total, each column with its total, the totals row with the grand total)
 * must have no suppressed entry or at least two: otherwise the suppressed value is the line's total minus
 * the others. While some line has exactly one, the smallest other non-zero entry of that line is suppressed
 * too (complementary suppression), margins last. Zeros are published (nothing to protect). The grand total
 * is suppressed only when it is itself below the threshold.
 */
import type { TCell, TJusticeStatistics, TTable1, TTable2 } from '../../../contract/justice';
import { PROCEEDING_STAGES, NON_PUNISHMENT_STATUSES } from '../../../contract/justice';

export const SEX_ROWS = ['female', 'male', 'other_unknown'] as const;
export const CITIZENSHIP_COLS = ['moroccan', 'foreign', 'unknown'] as const;

export type StatsDefendant = {
  sex: string;
  nationality: string | null;
  prosecuted: boolean;
  outcome: string | null;
  compensationOrderedMad: number | null;
  compensationPaidMad: number | null;
};
export type StatsProceeding = { stage: string; complaintOn: string; judgmentOn: string | null };
export type StatsInput = { defendants: StatsDefendant[]; proceedings: StatsProceeding[]; nonPunishment: { status: string }[] };

type Entry = { value: number; suppressed: boolean; margin: boolean };

const cell = (e: Entry): TCell => (e.suppressed ? { value: null, suppressed: true } : { value: e.value, suppressed: false });

/** Applies complementary suppression over a set of lines (each a list of entries that must sum consistently). */
function complement(lines: Entry[][]): void {
  for (let guard = 0; guard < 1000; guard++) {
    const line = lines.find((l) => l.filter((e) => e.suppressed).length === 1);
    if (!line) return;
    const candidates = line.filter((e) => !e.suppressed && e.value > 0);
    // Prefer inner cells to margins, then the smallest value (least information lost).
    candidates.sort((a, b) => Number(a.margin) - Number(b.margin) || a.value - b.value);
    const next = candidates[0];
    if (!next) {
      // Only zeros left: a single suppressed entry among zeros equals the total, so suppress the total's line partner.
      const zero = line.find((e) => !e.suppressed);
      if (!zero) return;
      zero.suppressed = true;
    } else next.suppressed = true;
  }
}

const primary = (value: number, k: number) => value > 0 && value < k;

/** A rows × cols table of counts with margins, after disclosure control. */
export function protectTable2(rows: readonly string[], cols: readonly string[], counts: number[][], k: number): TTable2 {
  const inner: Entry[][] = counts.map((r) => r.map((v) => ({ value: v, suppressed: primary(v, k), margin: false })));
  const rowTotals: Entry[] = counts.map((r) => {
    const v = r.reduce((s, x) => s + x, 0);
    return { value: v, suppressed: primary(v, k), margin: true };
  });
  const colTotals: Entry[] = cols.map((_, j) => {
    const v = counts.reduce((s, r) => s + (r[j] ?? 0), 0);
    return { value: v, suppressed: primary(v, k), margin: true };
  });
  const grand = rowTotals.reduce((s, e) => s + e.value, 0);
  const total: Entry = { value: grand, suppressed: primary(grand, k), margin: true };
  const lines: Entry[][] = [
    ...inner.map((r, i) => [...r, rowTotals[i]!]),
    ...cols.map((_, j) => [...inner.map((r) => r[j]!), colTotals[j]!]),
    [...rowTotals, total],
    [...colTotals, total],
  ];
  complement(lines);
  return { rows: [...rows], cols: [...cols], cells: inner.map((r) => r.map(cell)), rowTotals: rowTotals.map(cell), colTotals: colTotals.map(cell), total: cell(total) };
}

/** A one-way table of counts with its total, after disclosure control. */
export function protectTable1(keys: readonly string[], counts: number[], k: number): TTable1 {
  const entries: Entry[] = counts.map((v) => ({ value: v, suppressed: primary(v, k), margin: false }));
  const sum = counts.reduce((s, x) => s + x, 0);
  const total: Entry = { value: sum, suppressed: primary(sum, k), margin: true };
  complement([[...entries, total]]);
  return { keys: [...keys], cells: entries.map(cell), total: cell(total) };
}

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const sexRow = (sex: string) => (sex === 'female' ? 0 : sex === 'male' ? 1 : 2);
const citizenshipCol = (nationality: string | null) => (nationality === 'MA' ? 0 : nationality ? 1 : 2);

function bySexAndCitizenship(list: StatsDefendant[], k: number): TTable2 {
  const counts = SEX_ROWS.map(() => CITIZENSHIP_COLS.map(() => 0));
  for (const d of list) counts[sexRow(d.sex)]![citizenshipCol(d.nationality)]! += 1;
  return protectTable2(SEX_ROWS, CITIZENSHIP_COLS, counts, k);
}

/** A value shown only when it summarises at least `k` persons or proceedings. */
const guarded = (value: number | null, n: number, k: number): TCell => (value === null || n < k ? { value: null, suppressed: n > 0 } : { value, suppressed: false });

/** The statistics feed from justice rows (already filtered to the period). */
export function justiceStatistics(input: StatsInput, k: number, year: number | null = null): TJusticeStatistics {
  const prosecuted = input.defendants.filter((d) => d.prosecuted);
  const convicted = input.defendants.filter((d) => d.outcome === 'convicted');
  const stageCounts = PROCEEDING_STAGES.map((s) => input.proceedings.filter((p) => p.stage === s).length);
  const judged = input.proceedings.filter((p) => p.judgmentOn);
  const durations = judged.map((p) => daysBetween(p.complaintOn, p.judgmentOn!));
  const ordered = input.defendants.filter((d) => (d.compensationOrderedMad ?? 0) > 0);
  const orderedMad = ordered.reduce((s, d) => s + (d.compensationOrderedMad ?? 0), 0);
  const paidMad = ordered.reduce((s, d) => s + (d.compensationPaidMad ?? 0), 0);
  const paidInFull = ordered.filter((d) => (d.compensationPaidMad ?? 0) >= (d.compensationOrderedMad ?? 0)).length;
  return {
    threshold: k,
    year,
    suspects: bySexAndCitizenship(input.defendants, k),
    prosecuted: bySexAndCitizenship(prosecuted, k),
    convicted: bySexAndCitizenship(convicted, k),
    proceedingsByStage: protectTable1(PROCEEDING_STAGES, stageCounts, k),
    medianDaysComplaintToJudgment: guarded(median(durations), judged.length, k),
    judgedProceedings: guarded(judged.length, judged.length, k),
    compensation: {
      defendantsOrdered: guarded(ordered.length, ordered.length, k),
      orderedMad: guarded(orderedMad, ordered.length, k),
      paidMad: guarded(paidMad, ordered.length, k),
      defendantsPaidInFull: primary(paidInFull, k) ? { value: null, suppressed: true } : guarded(paidInFull, ordered.length, k),
    },
    nonPunishment: protectTable1(NON_PUNISHMENT_STATUSES, NON_PUNISHMENT_STATUSES.map((s) => input.nonPunishment.filter((r) => r.status === s).length), k),
  };
}
