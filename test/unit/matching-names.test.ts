/** The name rules of the matcher: each documented rule, across Arabic, Latin and Tifinagh writing. */
import { describe, expect, it } from 'vitest';
import { nameTokens } from '../../src/server/modules/matching/matching.names';
import { arabicSkeleton, foldArabic } from '../../src/server/modules/matching/matching.arabic';
import { foldLatin, latinSkeleton } from '../../src/server/modules/matching/matching.latin';
import { skeletonSimilarity, compareNames } from '../../src/server/modules/matching/matching.similarity';
import { nameTokens as blindIndexTokens, normalizeName } from '../../src/server/platform/crypto/normalize';

/** The first (usual) skeleton of each word. */
const keys = (name: string) => nameTokens(name).map((t) => t.skeletons[0]);
const all = (name: string) => nameTokens(name).map((t) => t.skeletons);

describe('one skeleton for the spellings of one name', () => {
  it.each([
    ['Mohamed / Mohammed / Muhammad / Mhamed / M\'hamed / محمد / مُحَمَّد', ['Mohamed', 'Mohammed', 'Muhammad', 'Mohammad', 'Mhamed', "M'hamed", 'محمد', 'مُحَمَّد'], 'MHMD'],
    ['ou / u / w (Youssef)', ['Youssef', 'Yusuf', 'Yousef', 'يوسف'], 'YSF'],
    ['ch / sh / š (Chaimae)', ['Chaimae', 'Shaimaa', 'Šaima', 'شيماء'], 'XM'],
    ['kh / h (Khalid)', ['Khalid', 'Khaled', 'خالد'], 'HLD'],
    ['gh / rh (Ghizlane)', ['Ghizlane', 'Rhizlane', 'غزلان'], 'GZLN'],
    ['j / dj / g before i (Jilali)', ['Jilali', 'Djilali', 'Gilali', 'جيلالي'], 'JLL'],
    ['q / k (Tariq)', ['Tariq', 'Tarik', 'طارق'], 'TRK'],
    ['th / t (Othmane)', ['Othmane', 'Otmane', 'عثمان'], 'TMN'],
    ['doubled letters and dropped vowels (Bennani)', ['Bennani', 'Benani', 'بناني'], 'BNN'],
    ['hamza and ʿayn (Aicha)', ['Aicha', 'Aïcha', 'Aisha', 'عائشة'], 'X'],
    ['semivowels that are consonants (Marouane, Zakaria)', ['Marouane', 'Marwan', 'مروان'], 'MRWN'],
    ['Arabizi digits (Mo7amed)', ['Mo7amed'], 'MHMD'],
    ['final h / taa marbuta (Fatimah)', ['Fatima', 'Fatimah', 'فاطمة', 'فاطمه'], 'FTM'],
  ])('%s', (_rule, spellings, skeleton) => {
    for (const s of spellings) expect(keys(s), s).toEqual([skeleton]);
  });

  it('reads Tifinagh as its Latin letters (ⵢⵓⴱⴰ = Yuba = يوبا)', () => {
    expect(keys('ⵢⵓⴱⴰ')).toEqual(['YB']);
    expect(keys('Yuba')).toEqual(['YB']);
    expect(keys('يوبا')).toEqual(['YB']);
    expect(keys('ⴰⴽⵙⵉⵍ')).toEqual(keys('Aksil'));
  });

  it('folds Latin letters and Arabic letter forms before reading them', () => {
    expect(foldLatin('Aït Saïd Ǧamal Ɣali')).toBe('ait said jamal ghali');
    expect(foldArabic('أحمد إبراهيم آمنة مؤمن')).toBe('احمد ابراهيم امنة مءمن');
    expect(latinSkeleton('naciri')).toBe('NSR');
    expect(arabicSkeleton('ناصري')).toBe('NSR');
  });
});

describe('rules on whole names', () => {
  it('drops the article, keeping L as a second reading of ال (El Amrani = العمراني, Larbi = العربي)', () => {
    expect(keys('Mohamed El Amrani')).toEqual(['MHMD', 'MRN']);
    expect(keys('Al-Amrani')).toEqual(['MRN']);
    expect(all('العمراني')).toEqual([['MRN', 'LMRN']]);
    expect(all('Elamrani')[0]).toContain('MRN');
    expect(all('العربي')[0]).toContain(keys('Larbi')[0]);
    expect(all('الحسن')[0]).toContain(keys('Lahcen')[0]);
  });

  it('reads assimilated articles (Ech-Chafii, Es Saidi, Essaidi = السعيدي)', () => {
    expect(keys('Ech-Chafii')).toEqual(['XF']);
    expect(keys('Es Saidi')).toEqual(['SD']);
    expect(keys('Essaidi')).toEqual(['SD']);
    expect(keys('السعيدي')).toEqual(['SD']);
  });

  it('joins Ben, Ould, Aït, Bou to the next word', () => {
    for (const n of ['Ben Ali', 'Benali', 'Bin Ali', 'بن علي', 'بنعلي']) expect(keys(n), n).toEqual(['BNL']);
    for (const n of ['Aït Ali', 'Ait-Ali', 'آيت علي']) expect(keys(n), n).toEqual(['TL']);
    expect(keys('Ould Abdallah')).toEqual(keys('ولد عبد الله'));
    expect(keys('Bou Taleb')).toEqual(keys('Boutaleb'));
  });

  it('makes one word of Abd compounds, without the article (Abderrahmane = Abd al-Rahman = عبد الرحمن)', () => {
    for (const n of ['Abderrahmane', 'Abd al-Rahman', 'Abdul Rahman', 'Abdelrahman', 'عبد الرحمن', 'عبدالرحمن']) expect(keys(n), n).toEqual(['BDRHMN']);
    for (const n of ['Abdelkader', 'Abd el-Kader', 'عبد القادر']) expect(keys(n), n).toEqual(['BDKDR']);
  });

  it('joins -eddine to the word before (Nour Eddine = Noureddine = نور الدين)', () => {
    for (const n of ['Nour Eddine', 'Noureddine', 'Nur al-Din', 'نور الدين', 'نورالدين']) expect(keys(n), n).toEqual(['NRDN']);
  });

  it('reads the Moroccan abbreviations of Mohamed (Med, Mohd)', () => {
    expect(keys('Med Amrani')).toEqual(['MHMD', 'MRN']);
    expect(keys('MOHD')).toEqual(['MHMD']);
  });

  it('keeps two different names apart', () => {
    expect(keys('Youssef')).not.toEqual(keys('Saif'));
    expect(keys('Hind')).not.toEqual(keys('Mohand'));
    expect(keys('Traoré')).toEqual(['TRR']); // the same class across a vowel stays twice
  });
});

describe('similarity of skeletons and names', () => {
  it('costs little for a semivowel inside a word, more at its start, and less for letters one Arabic letter is spelled as', () => {
    expect(skeletonSimilarity('MRYM', 'MRM')).toBeGreaterThan(0.9); // Meryem / مريم
    expect(skeletonSimilarity('YSF', 'SF')).toBeLessThan(0.75); // Youssef / Saif
    expect(skeletonSimilarity('GRJ', 'KRJ')).toBeGreaterThan(skeletonSimilarity('BRJ', 'KRJ')); // Guerrouj / الكروج
    expect(skeletonSimilarity('MHMD', 'MHMD')).toBe(1);
    expect(skeletonSimilarity('MHMD', 'FTM')).toBeLessThan(0.3);
  });

  it('ignores name order and tolerates a missing part', () => {
    const swapped = compareNames(nameTokens('EL AMRANI Mohamed'), nameTokens('محمد العمراني'))!;
    expect(swapped.similarity).toBe(1);
    expect(swapped.crossScript).toBe(true);
    const missing = compareNames(nameTokens('Mohamed Amine El Amrani'), nameTokens('Mohamed El Amrani'))!;
    expect(missing.similarity).toBeGreaterThan(0.85);
    expect(missing.unmatched).toBe(1);
  });

  it('reads two neighbouring words as one (Fatimazahra = Fatima Zahra = فاطمة الزهراء)', () => {
    expect(compareNames(nameTokens('Fatimazahra'), nameTokens('فاطمة الزهراء'))!.similarity).toBeGreaterThan(0.95);
  });

  it('does not pair brothers on their family name alone', () => {
    expect(compareNames(nameTokens('Mohamed El Amrani'), nameTokens('يوسف العمراني'))!.similarity).toBeLessThan(0.75);
    expect(compareNames(nameTokens('Mohamed Alaoui'), nameTokens('Mohamed Bennani'))!.similarity).toBeLessThan(0.6);
  });
});

describe('the blind-index normaliser the persons module uses is unchanged', () => {
  it('still folds the same way', () => {
    expect(normalizeName('فاطمة الزهراء')).toBe(normalizeName('فاطمه الزهراء'));
    expect(blindIndexTokens('Aït-Ben Ali')).toEqual(['ait', 'ben', 'ali']);
  });
});
