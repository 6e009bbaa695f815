/**
 * Name normalisation for blind indexes: case, accents and Arabic spelling variants (hamza forms of alef,
 * alef maqsura, taa marbuta, diacritics, tatweel) are folded so "Fatima Zahra" = "FATIMA ZAHRA" and
 * "فاطمة الزهراء" = "فاطمه الزهراء".
 */
const ARABIC_FOLD: Record<string, string> = { 'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ى': 'ي', 'ة': 'ه', 'ؤ': 'و', 'ئ': 'ي' };

export function normalizeName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\u0640/g, '')
    .replace(/[أإآٱىةؤئ]/g, (c) => ARABIC_FOLD[c] ?? c)
    .toLocaleLowerCase('en')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Word tokens of a name (at least two characters each), for token-by-token exact search. */
export function nameTokens(value: string): string[] {
  return [...new Set(normalizeName(value).split(' ').filter((t) => t.length >= 2))];
}

export function normalizeDocumentNumber(value: string): string {
  return value.normalize('NFKC').toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');
}
