/**
 * Names as written in Morocco and the Maghreb → script-independent tokens.
 *
 * The alphabet of a skeleton: consonant classes B T D J H R Z S X(sh) G(gh) F K L M N and the semivowels W Y when
 * they are consonants (matching.arabic.ts and matching.latin.ts say which letter goes where). "محمد", "Mohamed",
 * "Mohammed", "Muhammad", "Mhamed" and "M'hamed" all give MHMD. Rules on whole names, each with its example:
 *
 * 1. Words: split on spaces, hyphens, dots, commas and slashes ("El-Amrani" → el, amrani); upper case is ignored.
 * 2. Articles: "el", "al", "l", and the assimilated forms ("ech", "ed", "er", "es", "et", "ez", "en"… before a word
 *    starting with the same consonant: "Ech-Chafii", "Es Saidi") are dropped when another word follows. Arabic ال at
 *    the start of a word is dropped too (العمراني → MRN), but kept as L in a second variant, because Moroccan
 *    spelling often writes it as L: Larbi = العربي (LRB), Lahcen = الحسن (LHSN). A Latin word written with the
 *    article attached ("Elamrani") gets the variant without it (MRN), "Elias" keeps its first variant LYS.
 * 3. Joining particles: ben, bin, ibn, bent, bint, ould, ait (Aït), ou, bou, abou, abu and بن ابن بنت ولد ايت بو ابو
 *    are joined to the next word: "Ben Ali" = "Benali" = "بن علي" = "بنعلي" (BNL); "Aït Ali" = "آيت علي" (TL: the
 *    ي of ايت is read as the vowel of Aït); "Ould" is read as its w (ولد, "Ould Abdallah" → WLDBDL).
 * 4. Abd compounds: "Abd", "Abdel", "Abdul", "Abdou" + a name, and عبد + a name, form one word with the article
 *    between them removed: "Abd al-Rahman" = "Abderrahmane" = "Abdul Rahman" = "عبد الرحمن" = "عبدالرحمن" (BDRHMN).
 * 5. -eddine compounds: a word "Eddine", "ad-Din", "الدين" is joined to the word before: "Nour Eddine" =
 *    "Noureddine" = "نور الدين" (NRDN); "نورالدين" written as one word loses its inner article the same way.
 * 6. Abbreviations of Mohamed used in Moroccan registers: Med, Mohd, Mhd, Md → MHMD.
 * 7. A final H is not kept (Fatimah = Fatima, Abdallah = Abdalla = عبد الله; ة and ه at the end are not written in
 *    Latin).
 * 8. Tifinagh is read as its Latin letters (ⵢⵓⴱⴰ = Yuba = يوبا, YB).
 * 9. Name order and missing parts are handled when two names are compared (matching.similarity.ts), not here.
 */
import { arabicSkeleton, foldArabic, hasArabic, hasTifinagh, tifinaghToLatin } from './matching.arabic';
import { foldLatin, latinSkeleton } from './matching.latin';

export type TScript = 'arabic' | 'latin';
export type TNameToken = {
  /** Skeletons of the word, the usual reading first (e.g. العربي → ['RB', 'LRB']). */
  skeletons: string[];
  /** The folded word in its own script, for a spelling comparison with a word of the same script. */
  folded: string;
  script: TScript;
};

const LATIN_ARTICLES = new Set(['el', 'al', 'l', 'ul', 'le']);
const SUN = ['ch', 'sh', 'th', 'dh', 't', 'd', 'r', 'z', 's', 'n', 'l'];
const LATIN_JOINERS = new Set(['ben', 'bin', 'ibn', 'bent', 'bint', 'ould', 'ouled', 'weld', 'ait', 'ayt', 'ou', 'u', 'bou', 'abou', 'abu']);
const ARABIC_JOINERS = new Set(['بن', 'ابن', 'بنت', 'ولد', 'ايت', 'بو', 'ابو']);
const ABBREVIATIONS: Record<string, string> = { med: 'mohamed', mohd: 'mohamed', mhd: 'mohamed', md: 'mohamed' };

/** A final H is dropped (rule 7); two words joined into one write a class shared at the seam once. */
export function finishSkeleton(raw: string): string {
  return raw.length > 1 && raw.endsWith('H') ? raw.slice(0, -1) : raw;
}

const isAssimilatedArticle = (word: string, next: string | undefined) =>
  next !== undefined && /^[ae]/.test(word) && SUN.some((c) => word === word[0] + c && next.startsWith(c));

function latinWords(value: string): string[] {
  const raw = foldLatin(hasTifinagh(value) ? tifinaghToLatin(value) : value).split(/[^a-z0-9]+/).filter(Boolean);
  const words = raw.map((w) => ABBREVIATIONS[w] ?? w).filter((w, i, all) => i === all.length - 1 || !(LATIN_ARTICLES.has(w) || isAssimilatedArticle(w, all[i + 1]))); // rules 2, 6
  const compounds = joinNext(words, (w) => /^abd(e|a|u|ou|i)?l?$/.test(w), (_w, next) => 'abd' + stripLatinArticle(next)); // rule 4
  const joined = joinNext(compounds, (w) => LATIN_JOINERS.has(w), (w, next) => (/^(ould|ouled|weld)$/.test(w) ? 'wld' : w) + next); // rule 3
  const out: string[] = [];
  for (const w of joined) {
    if (out.length > 0 && /^(?:[ae]d)?d[iy]ne?$/.test(w)) out[out.length - 1] += w; // rule 5
    else out.push(w);
  }
  return out.map((w) => w.replace(/^abd(?:el|al|ul|oul|il)(?=[a-z]{3})/, 'abd'));
}

/** el-/al- written attached, or an assimilated article (e + doubled consonant) at the start of a Latin word. */
function stripLatinArticle(word: string): string {
  const m = /^(?:[ae]l-?|[ae](?=(ch|sh|[tdrzsn])\1))/.exec(word);
  return m && word.length - m[0].length >= 3 ? word.slice(m[0].length) : word;
}

function arabicWords(value: string): string[] {
  const words = foldArabic(value).split(/[^\u0621-\u064A\u0671-\u06D3]+/).filter((w, i, all) => w && !(w === 'ال' && i < all.length - 1)); // rule 2
  const compounds = joinNext(words, (w) => w === 'عبد', (w, next) => w + stripArabicArticle(next)); // rule 4
  const joined = joinNext(compounds, (w) => ARABIC_JOINERS.has(w), (w, next) => (w === 'ايت' ? 'ءت' : w) + next); // rule 3
  const out: string[] = [];
  for (const w of joined) {
    if (out.length > 0 && stripArabicArticle(w) === 'دين') out[out.length - 1] += 'دين'; // rule 5
    else out.push(w);
  }
  return out.map((w) => w.replace(/^عبدال(?=..)/, 'عبد').replace(/(?<=..)الدين$/, 'دين'));
}

/** Joins each word that `joins` to the word after it (when there is one), as `combine` says. */
function joinNext(words: string[], joins: (w: string) => boolean, combine: (w: string, next: string) => string): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const next = words[i + 1];
    if (next !== undefined && joins(words[i]!)) { out.push(combine(words[i]!, next)); i += 1; }
    else out.push(words[i]!);
  }
  return out;
}

const stripArabicArticle = (word: string) => (word.startsWith('ال') && word.length >= 4 ? word.slice(2) : word);

/** The tokens of a name in any script; words of Arabic and Latin script in one name are each read by their rules. */
export function nameTokens(value: string | undefined): TNameToken[] {
  if (!value) return [];
  if (hasArabic(value)) {
    return arabicWords(value).map((w) => {
      const bare = stripArabicArticle(w);
      const skeletons = [finishSkeleton(arabicSkeleton(bare))];
      if (bare !== w) skeletons.push(finishSkeleton('L' + arabicSkeleton(bare)));
      return { skeletons: unique(skeletons), folded: w, script: 'arabic' as const };
    });
  }
  return latinWords(value).map((w) => {
    const bare = stripLatinArticle(w);
    const skeletons = [finishSkeleton(latinSkeleton(w)), finishSkeleton(latinSkeleton(bare))];
    return { skeletons: unique(skeletons), folded: w, script: 'latin' as const };
  });
}

const unique = (xs: string[]) => [...new Set(xs.filter((x) => x.length > 0))].concat(xs.every((x) => !x) ? ['V'] : []);

/**
 * Very frequent given names: their agreement is weak evidence, so a token with one of these skeletons weighs less
 * (see matching.similarity.ts). Listed by spelling; the list holds their skeletons.
 */
const COMMON = ['Mohamed', 'Ahmed', 'Ali', 'Hassan', 'Said', 'Youssef', 'Abdellah', 'Omar', 'Rachid', 'Moulay', 'Sidi', 'Lalla',
  'Fatima', 'Khadija', 'Aicha', 'Amina', 'Zahra', 'Malika', 'Naima', 'Mustapha', 'Brahim', 'Hamid'];
export const COMMON_SKELETONS = new Set(COMMON.map((n) => finishSkeleton(latinSkeleton(foldLatin(n)))));
