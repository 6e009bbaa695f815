/**
 * Latin spellings (French-style, English-style, Spanish-style, Amazigh Latin, Arabizi) → the consonant skeleton that
 * matching.arabic.ts produces for the Arabic form. Vowels are dropped because Arabic does not write short vowels.
 *
 * Letters first (foldLatin): accents go (Aït → ait, Saïd → said); letters without a decomposition are spelled out:
 * š → sh, č → ch, ž ǧ → j, ɣ ġ → gh, ḫ ẖ → kh, ṯ → th, ḏ → dh, ç → s, ß → ss, ɛ ʿ ʾ ’ ' ` → nothing (ʿayn, hamza);
 * Arabizi digits inside a word: 3 2 → nothing (ʿayn, hamza), 7 → h (Mo7amed), 5 → kh, 9 → q, 8 → gh.
 *
 * Then, left to right (the first rule that fits wins):
 *   sch ch sh → X (Chaimae / Shaimaa / Schaima)        kh → H (Khadija → HDJ, like خديجة; Hadija too)
 *   gh → G, and rh + vowel at the start → G (Ghizlane / Rhizlane, the French spelling of غ)
 *   th → T (Othmane / Otmane)  dh → D (Hafidh / Hafid)  ph → F  dj zh → J (Djamel / Jamal)  ck → K
 *   qu + vowel → K (Qu'ran)   gu + e/i → G (Guerrouj)   g + e/i/y → J (Gilali / Jilali)   other g → G
 *   c + e/i/y → S (Naciri → NSR)   other c → K (Cherkaoui is caught by ch first)   x → KS
 *   q k → K (Tariq / Tarik)  b p → B  f v → F  t → T  d → D  z → Z  s → S  j → J  l m n r h → L M N R H
 *   w, and ou before a vowel → W (Ouafae / Wafae → WF; Radouane → RDWN, as رضوان)
 *   y at the start, and i / y / ee before a vowel → Y (Yassine → YSN, Zakaria → ZKRY, Ilyas → LYS); a final e
 *       is silent and is not that vowel (Ndiaye → NDY, Marie → MR)
 *   any other vowel letter (a e i o u y) → nothing (Mohamed / Muhammad / Mhamed → MHMD)
 * A doubled letter gives its class once (Mohammed → MHMD, Essaidi → SD: the assimilated article es- + s- merges with
 * the s); the same class on both sides of a vowel stays twice (Traoré → TRR, as تراوري → TRWR; Bennani → BNN).
 */
const SPELLED: Record<string, string> = {
  'š': 'sh', 'č': 'ch', 'ž': 'j', 'ǧ': 'j', 'ɣ': 'gh', 'ġ': 'gh', 'ḫ': 'kh', 'ẖ': 'kh', 'ṯ': 'th', 'ḏ': 'dh', 'ç': 's',
  'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'đ': 'd', 'ł': 'l', 'ı': 'i', 'ɛ': '', 'ʿ': '', 'ʾ': '', '’': '', "'": '',
  '`': '', 'ʼ': '', 'ʻ': '',
};
const ARABIZI: Record<string, string> = { '2': '', '3': '', '5': 'kh', '7': 'h', '8': 'gh', '9': 'q' };

/** Lower case, accents and special letters folded, Arabizi digits read (only in words that also have letters). */
export function foldLatin(value: string): string {
  const lower = value.toLocaleLowerCase('en').replace(/[šžǧɣġḫẖṯḏçßæœøđłıɛʿʾ’'`ʼʻč]/g, (c) => SPELLED[c] ?? c);
  const plain = lower.normalize('NFKD').replace(/\p{M}/gu, '');
  return plain.replace(/[\p{L}\p{N}]+/gu, (w) => (/\p{L}/u.test(w) ? w.replace(/[235789]/g, (d) => ARABIZI[d] ?? d) : w));
}

const isVowel = (c: string | undefined) => c !== undefined && 'aeiouy'.includes(c);
const SIMPLE: Record<string, string> = {
  q: 'K', k: 'K', b: 'B', p: 'B', f: 'F', v: 'F', t: 'T', d: 'D', z: 'Z', s: 'S', j: 'J', l: 'L', m: 'M', n: 'N', r: 'R', h: 'H',
};
const DIGRAPH: Record<string, string> = { ch: 'X', sh: 'X', kh: 'H', gh: 'G', th: 'T', dh: 'D', ph: 'F', dj: 'J', zh: 'J', ck: 'K' };

/** The consonant skeleton of one folded Latin word (letters a–z only), e.g. mohamed → MHMD, ouafae → WF. */
export function latinSkeleton(word: string): string {
  const s = word.replace(/[^a-z]/g, '');
  let out = '';
  let i = 0;
  let vowelSince = false;
  const emit = (cls: string) => { // one class for a doubled letter (Mohammed), two across a vowel (Traoré TRR)
    if (vowelSince || !out.endsWith(cls)) out += cls;
    vowelSince = false;
  };
  while (i < s.length) {
    const c = s[i]!;
    const next = i + 2 === s.length && s[i + 1] === 'e' ? undefined : s[i + 1]; // a final e is silent (Ndiaye, Marie)
    const two = s.slice(i, i + 2);
    if (s.startsWith('sch', i)) { emit('X'); i += 3; continue; }
    if (DIGRAPH[two]) { emit(DIGRAPH[two]); i += 2; continue; }
    if (two === 'rh' && i === 0 && isVowel(s[2])) { emit('G'); i += 2; continue; }
    if (two === 'qu' && isVowel(s[i + 2])) { emit('K'); i += 2; continue; }
    if (two === 'gu' && (s[i + 2] === 'e' || s[i + 2] === 'i')) { emit('G'); i += 2; continue; }
    if (c === 'g') { emit(next === 'e' || next === 'i' || next === 'y' ? 'J' : 'G'); i += 1; continue; }
    if (c === 'c') { emit(next === 'e' || next === 'i' || next === 'y' ? 'S' : 'K'); i += 1; continue; }
    if (c === 'x') { emit('K'); emit('S'); i += 1; continue; }
    if (SIMPLE[c]) { emit(SIMPLE[c]); i += 1; continue; }
    if (c === 'w') { if (i === 0 || isVowel(next)) emit('W'); else vowelSince = true; i += 1; continue; }
    if (two === 'ou' && isVowel(s[i + 2]) && s[i + 2] !== 'u') { emit('W'); i += 2; continue; }
    if (c === 'y' && (i === 0 || isVowel(next))) { emit('Y'); i += 1; continue; }
    if (c === 'i' && isVowel(next) && next !== 'i') { emit('Y'); i += 1; continue; }
    if (two === 'ee' && isVowel(s[i + 2])) { emit('Y'); i += 2; continue; }
    vowelSince = true;
    i += 1; // any other vowel
  }
  return out;
}
