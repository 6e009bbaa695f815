/**
 * Arabic script → the script-independent consonant skeleton (see matching.names.ts for the alphabet).
 *
 * Arabic writes consonants and long vowels, not short vowels, so the key keeps consonants only. Each letter is mapped
 * to the class its usual Latin spellings fall in (so the Latin side, matching.latin.ts, reaches the same class):
 *
 *   ب پ → B   (Bilal بلال, Pierre بيير: Arabic has no p)
 *   ت ط ث → T  (Tarik طارق, Othmane عثمان; ث is "th" in English style and "t" in Morocco)
 *   د ض ذ ظ → D (Ramadan رمضان, Hafid حفيظ; ظ is said ḍ in Morocco)
 *   ج ژ → J   (Jamal / Djamel جمال)        ح خ ه → H (Hamid حميد, Khalid خالد: kh and h are one class)
 *   ر → R  ز → Z  س ص → S  ش چ → X (Chaimae / Shaimaa شيماء)  غ ڭ گ → G (Ghali غالي)  ف ڤ → F
 *   ق ك ک → K (Tariq / Tarik طارق)  ل → L  م → M  ن → N
 *   ا أ إ آ ٱ ى ة ع ء ؤ ئ → nothing: vowels, alef seats, hamza and ʿayn are written as vowels or apostrophes
 *       in Latin (Aicha عائشة → X, Saad سعد → SD).
 *   و ي → W / Y when consonantal, else nothing (long ū / ī, which Latin writes as a vowel): consonantal at the start
 *       of a word (Youssef يوسف → YSF, Walid وليد → WLD), before a vowel letter or ʿayn (Zakaria زكرياء → ZKRY, Alaoui
 *       علوي → LW, Ouali أوعلي → WL, Ayoub أيوب → YB) or after an alef inside the word (Cherkaoui شرقاوي → XRKW);
 *       after the alef that starts a word it is the vowel (Imane إيمان → MN, Ayman أيمن → MN, Otlet أوتليه → TL).
 *
 * Diacritics (harakat, shadda, sukun) and tatweel are removed first; a class written twice in a row is written once,
 * twice when a vowel letter stands between (بناني → BNN, like Bennani).
 */
const CLASS: Record<string, string> = {
  'ب': 'B', 'پ': 'B', 'ت': 'T', 'ط': 'T', 'ث': 'T', 'د': 'D', 'ض': 'D', 'ذ': 'D', 'ظ': 'D', 'ج': 'J', 'ژ': 'J',
  'ح': 'H', 'خ': 'H', 'ه': 'H', 'ر': 'R', 'ز': 'Z', 'س': 'S', 'ص': 'S', 'ش': 'X', 'چ': 'X', 'غ': 'G', 'ڭ': 'G',
  'گ': 'G', 'ف': 'F', 'ڤ': 'F', 'ق': 'K', 'ك': 'K', 'ک': 'K', 'ل': 'L', 'م': 'M', 'ن': 'N',
};
/** Letters that stand for a vowel, a seat of hamza, hamza or ʿayn: no consonant of their own. */
const VOWEL_LETTERS = new Set(['ا', 'ى', 'ة', 'ع', 'ء']);
const SEMIVOWEL: Record<string, string> = { 'و': 'W', 'ي': 'Y' };

/**
 * Folds spelling variants of one letter before the skeleton is taken: alef forms → ا, hamza seats ؤ ئ → ء (the
 * hamza is kept apart so that عائشة does not gain a y), Persian/Urdu forms ی ک → ي ك. Diacritics and tatweel go.
 */
export function foldArabic(value: string): string {
  return value
    .replace(/[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/[ؤئ]/g, 'ء')
    .replace(/[یې]/g, 'ي')
    .replace(/ک/g, 'ك');
}

export const hasArabic = (value: string) => /[\u0600-\u06FF\u0750-\u077F]/.test(value);

/** The consonant skeleton of one Arabic word (already folded by foldArabic), e.g. محمد → MHMD, العمراني → LMRN. */
export function arabicSkeleton(word: string): string {
  const letters = [...word].filter((c) => CLASS[c] || VOWEL_LETTERS.has(c) || SEMIVOWEL[c]);
  let out = '';
  let vowelSince = false;
  const emit = (cls: string) => {
    if (vowelSince || !out.endsWith(cls)) out += cls;
    vowelSince = false;
  };
  letters.forEach((c, i) => {
    const semi = SEMIVOWEL[c];
    if (semi) {
      const next = letters[i + 1];
      const beforeVowel = next !== undefined && (next === 'ا' || next === 'ى' || next === 'ة' || next === 'ع' || SEMIVOWEL[next] !== undefined);
      const consonantal = i === 0 || beforeVowel || (i >= 2 && letters[i - 1] === 'ا');
      if (consonantal) emit(semi);
      else vowelSince = true;
      return;
    }
    if (CLASS[c]) emit(CLASS[c]);
    else vowelSince = true;
  });
  return out;
}

/**
 * Tifinagh (Neo-Tifinagh as taught in Morocco, IRCAM) → Latin letters, then read by the Latin rules: Tifinagh writes
 * the vowels a, i, u, e. E.g. ⵢⵓⴱⴰ → "yuba", ⴰⴽⵙⵉⵍ → "aksil", ⵜⵉⵣⵉⵔⵉ → "tiziri". The labialisation mark ⵯ is dropped.
 */
const TIFINAGH: Record<string, string> = {
  'ⴰ': 'a', 'ⴱ': 'b', 'ⴳ': 'g', 'ⴷ': 'd', 'ⴹ': 'd', 'ⴻ': 'e', 'ⴼ': 'f', 'ⴽ': 'k', 'ⵀ': 'h', 'ⵃ': 'h', 'ⵄ': "'",
  'ⵅ': 'kh', 'ⵇ': 'q', 'ⵉ': 'i', 'ⵊ': 'j', 'ⵍ': 'l', 'ⵎ': 'm', 'ⵏ': 'n', 'ⵓ': 'u', 'ⵔ': 'r', 'ⵕ': 'r', 'ⵖ': 'gh',
  'ⵙ': 's', 'ⵚ': 's', 'ⵛ': 'ch', 'ⵜ': 't', 'ⵟ': 't', 'ⵡ': 'w', 'ⵢ': 'y', 'ⵣ': 'z', 'ⵥ': 'z', 'ⵯ': '',
};

export const hasTifinagh = (value: string) => /[\u2D30-\u2D7F]/.test(value);

export function tifinaghToLatin(value: string): string {
  return [...value].map((c) => TIFINAGH[c] ?? c).join('');
}
