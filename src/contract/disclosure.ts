/**
 * Which data category each field of a case-data answer belongs to, declared once, here in the contract.
 *
 * An organisation that manages a case sees every field. An organisation that holds a grant on it (an
 * accepted referral, an identification request, a transfer) sees the fields without a category (the minimal
 * record: reference, status, the person's pseudonym, sex, age group, languages…) and the fields of the
 * categories the person consented to share. `manager` fields (internal notes, who decided, free text of the
 * managing organisation) are never shared. The server strips every field the caller may not see
 * (`disclose` in src/server/platform/access.ts) and the access-matrix test reads the same marks from the
 * OpenAPI document (`x-category`) to check that each answer holds exactly the allowed fields.
 */
import { z } from 'zod';
import type { TDataCategory } from './common';

export const CATEGORY_KEY = 'x-category';

export type TFieldCategory = TDataCategory | 'manager';

/** A response field of `category`: optional in the contract, since callers without the category never get it. */
export function inCategory<T extends z.ZodType>(category: TFieldCategory, schema: T) {
  return schema.optional().meta({ [CATEGORY_KEY]: category });
}

/** The category a field schema was marked with (on the field itself or on a wrapper), if any. */
export function categoryOf(schema: z.ZodType): TFieldCategory | undefined {
  let s: z.ZodType | undefined = schema;
  while (s) {
    const meta = s.meta() as Record<string, unknown> | undefined;
    if (meta && typeof meta[CATEGORY_KEY] === 'string') return meta[CATEGORY_KEY] as TFieldCategory;
    const def = s._zod.def as { type: string; innerType?: z.ZodType };
    s = ['optional', 'nullable', 'default', 'readonly', 'prefault', 'catch'].includes(def.type) ? def.innerType : undefined;
  }
  return undefined;
}
