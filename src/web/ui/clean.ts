/**
 * Empty strings and NaN become "absent", recursively, so optional contract fields validate; empty items
 * are dropped from lists.
 */
export function cleanValues(v: unknown): unknown {
  if (v === '' || (typeof v === 'number' && Number.isNaN(v))) return undefined;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(cleanValues).filter((x) => x !== undefined);
  if (v && typeof v === 'object' && !(v instanceof Date) && !(v instanceof File)) {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) {
      const c = cleanValues(val);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
  return v;
}
