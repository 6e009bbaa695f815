/**
 * Builds the labelled person pairs of the matcher evaluation (data/names/matching-pairs.jsonl), deterministically
 * (seeded): `npx tsx scripts/matching-dataset.ts`. See data/names/SOURCES.md for the sources and the pair kinds.
 *
 * Two halves that share no name: `dev` (names of ar2en-train.tsv and the even entries of maghreb-names.json) is the
 * half the rules and weights were looked at on; `test` (ar2en-eval.tsv and the odd entries) is only measured.
 */
import fs from 'node:fs';
import path from 'node:path';
import { normalizeName } from '../src/server/platform/crypto/normalize';
import type { TPersonDescription } from '../src/server/modules/matching/matching.types';

type Entry = { ar: string; latin: string[]; tfng?: string };
type Sex = 'male' | 'female';
type Person = { given: Entry[]; family: Entry; sex: Sex; born: string; nationality: string; doc?: { type: string; number: string }; phone?: string; maghreb: boolean };
export type TPair = { id: string; split: 'dev' | 'test'; kind: string; same: boolean; crossScript: boolean; a: TPersonDescription; b: TPersonDescription };

const DIR = path.resolve(import.meta.dirname, '../data/names');
const maghreb = JSON.parse(fs.readFileSync(path.join(DIR, 'maghreb-names.json'), 'utf8')) as Record<'male' | 'female' | 'family', Entry[]>;

function wikipedia(file: string): Entry[] {
  const byArabic = new Map<string, Set<string>>();
  for (const line of fs.readFileSync(path.join(DIR, file), 'utf8').split('\n')) {
    const [ar, en] = line.split('\t');
    if (!ar || !en || !/^[a-z]+$/.test(en.trim())) continue;
    const forms = byArabic.get(ar.trim()) ?? new Set<string>();
    forms.add(en.trim()[0]!.toUpperCase() + en.trim().slice(1));
    byArabic.set(ar.trim(), forms);
  }
  return [...byArabic].map(([ar, forms]) => ({ ar, latin: [...forms] }));
}

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Neighbours of each entry by a neutral criterion (bigram Dice of the first Latin spellings), not our skeletons. */
function neighbours(pool: Entry[], k = 5): Map<Entry, Entry[]> {
  const grams = (s: string) => { const t = ` ${s.toLowerCase()} `; return new Set([...t].slice(1).map((_, i) => t.slice(i, i + 2))); };
  const g = pool.map((e) => grams(e.latin[0]!));
  const out = new Map<Entry, Entry[]>();
  pool.forEach((e, i) => {
    const scored = pool.map((o, j) => {
      if (j === i || normalizeName(o.ar) === normalizeName(e.ar) || o.latin.some((l) => e.latin.some((m) => l.toLowerCase() === m.toLowerCase()))) return { o, d: -1 };
      let common = 0;
      for (const x of g[i]!) if (g[j]!.has(x)) common++;
      return { o, d: (2 * common) / (g[i]!.size + g[j]!.size) };
    });
    out.set(e, scored.filter((s) => s.d >= 0).sort((x, y) => y.d - x.d).slice(0, k).map((s) => s.o));
  });
  return out;
}

function build(split: 'dev' | 'test', seed: number): TPair[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number) => rand() < p;
  const half = (xs: Entry[]) => xs.filter((_, i) => i % 2 === (split === 'dev' ? 0 : 1));
  const pools = { male: half(maghreb.male), female: half(maghreb.female), family: half(maghreb.family), wiki: wikipedia(split === 'dev' ? 'ar2en-train.tsv' : 'ar2en-eval.tsv') };
  const near = { male: neighbours(pools.male), female: neighbours(pools.female), family: neighbours(pools.family), wiki: neighbours(pools.wiki.length > 2500 ? pools.wiki.slice(0, 2500) : pools.wiki) };
  const wikiPool = pools.wiki.length > 2500 ? pools.wiki.slice(0, 2500) : pools.wiki;
  const FOREIGN = ['SN', 'CI', 'NG', 'CM', 'GN', 'ML', 'FR', 'ES', 'SY', 'EG', 'PH', 'CD'];

  const date = (lo: number, hi: number) => `${lo + Math.floor(rand() * (hi - lo + 1))}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
  const cin = () => `${pick(['A', 'B', 'BE', 'BK', 'C', 'CD', 'D', 'EE', 'G', 'H', 'J', 'K', 'L', 'M', 'T', 'X', 'Z'])}${100000 + Math.floor(rand() * 899999)}`;
  const phone = () => `6${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`;
  const person = (over: Partial<Person> = {}): Person => {
    const isMaghreb = over.maghreb ?? chance(0.6);
    const sex: Sex = over.sex ?? (chance(0.5) ? 'male' : 'female');
    const given = over.given ?? (isMaghreb ? [pick(pools[sex]), ...(chance(0.15) ? [pick(pools[sex])] : [])] : [pick(wikiPool)]);
    return {
      maghreb: isMaghreb, sex, given, family: over.family ?? pick(isMaghreb ? pools.family : wikiPool), born: over.born ?? date(1965, 2010),
      nationality: over.nationality ?? (isMaghreb ? 'MA' : pick(FOREIGN)),
      doc: 'doc' in over ? over.doc : chance(0.6) ? (isMaghreb ? { type: 'national_id', number: cin() } : { type: 'passport', number: `P${cin()}` }) : undefined,
      phone: 'phone' in over ? over.phone : chance(0.5) ? phone() : undefined,
    };
  };

  const arabicVariant = (s: string) => pick([
    (x: string) => x, (x: string) => x.replace(/ة/g, 'ه'), (x: string) => x.replace(/[أإآ]/g, 'ا'), (x: string) => x.replace(/عبد /g, 'عبد').replace(/ بن /g, ' بن'),
    (x: string) => x.replace(/ال(?=\S{3})/g, 'ال '), (x: string) => x.replace(/ي(?=\s|$)/g, 'ى'), (x: string) => x.replace(/([بتدرسلمن])/, '$1\u0651'),
  ])(s);
  const word = (e: Entry, script: 'ar' | 'latin', avoid?: string) => {
    if (script === 'ar') return arabicVariant(e.ar);
    const options = e.latin.filter((l) => l !== avoid);
    return pick(options.length > 0 ? options : e.latin);
  };
  const render = (p: Person, script: 'ar' | 'latin', avoid: string[] = [], forceBirth = false): TPersonDescription => {
    const given = p.given.map((g, i) => word(g, script, avoid[i]));
    const family = word(p.family, script, avoid[p.given.length]);
    const upper = script === 'latin' && chance(0.2);
    const cased = (s: string) => (upper ? s.toUpperCase() : s);
    const layout = rand();
    const names: TPersonDescription =
      layout < 0.5 ? { givenNames: cased(given.join(' ')), familyName: cased(family) }
      : layout < 0.7 ? { fullName: cased(`${given.join(' ')} ${family}`) }
      : layout < 0.9 ? { fullName: `${script === 'latin' ? family.toUpperCase() : family} ${cased(given.join(' '))}` }
      : { givenNames: cased(given[0]!), familyName: cased(family) };
    const out: TPersonDescription = { ...names, sex: chance(0.9) ? p.sex : 'unknown' };
    const recordedOn = date(2018, 2025);
    const birth = forceBirth ? rand() * 0.6 : rand();
    if (birth < 0.45) out.dateOfBirth = p.born;
    else if (birth < 0.6) out.dateOfBirth = p.born.slice(0, 4);
    else if (birth < 0.85) {
      const age = Number(recordedOn.slice(0, 4)) - Number(p.born.slice(0, 4)) - (recordedOn.slice(5) < p.born.slice(5) ? 1 : 0);
      const noise = chance(0.7) ? 0 : chance(0.67) ? pick([-2, -1, 1, 2]) : pick([-4, -3, 3, 4]);
      out.estimatedAge = Math.max(0, age + noise);
      out.recordedOn = recordedOn;
    }
    const nat = rand();
    if (nat < 0.7) out.nationalities = [p.nationality];
    else if (nat < 0.75) out.nationalities = [pick(FOREIGN.filter((f) => f !== p.nationality))];
    if (p.doc && chance(0.35)) {
      const n = p.doc.number;
      out.documents = [{ type: p.doc.type, number: pick([n, n.toLowerCase(), n.replace(/^([A-Z]+)/, '$1 '), n.replace(/^([A-Z]+)/, '$1-')]) }];
    }
    if (p.phone && chance(0.25)) {
      const x = p.phone;
      out.phones = [pick([`0${x}`, `+212${x}`, `00212 ${x}`, `+212 ${x.slice(0, 1)} ${x.slice(1, 3)} ${x.slice(3, 5)} ${x.slice(5, 7)} ${x.slice(7)}`, `0${x.slice(0, 1)} ${x.slice(1, 3)} ${x.slice(3, 5)} ${x.slice(5, 7)} ${x.slice(7)}`])];
    }
    return out;
  };

  const pairs: TPair[] = [];
  const add = (kind: string, same: boolean, p: Person, q: Person, scripts: ['ar' | 'latin', 'ar' | 'latin'], forceBirth = false) => {
    const a = render(p, scripts[0], [], forceBirth);
    const avoid = same && scripts[0] === 'latin' && scripts[1] === 'latin' ? [...(a.givenNames ?? a.fullName ?? '').split(' ')] : [];
    const b = render(q, scripts[1], avoid, forceBirth);
    const [x, y] = chance(0.5) ? [a, b] : [b, a];
    pairs.push({ id: `${split}-${String(pairs.length + 1).padStart(4, '0')}`, split, kind, same, crossScript: scripts[0] !== scripts[1], a: x, b: y });
  };
  const scriptsFor = (p: Person): ['ar' | 'latin', 'ar' | 'latin'] => (!p.maghreb || chance(0.5) ? ['ar', 'latin'] : chance(0.7) ? ['latin', 'latin'] : ['ar', 'ar']);
  const COMMON = ['محمد', 'فاطمة', 'أحمد', 'يوسف', 'خديجة', 'عائشة', 'مريم', 'عبد الله', 'حسن', 'سعيد'];

  for (let i = 0; i < 350; i++) { const p = person({ maghreb: true }); add('same.crossScript', true, p, p, ['ar', 'latin']); }
  for (let i = 0; i < 250; i++) { const p = person({ maghreb: false }); add('same.crossScript.wikipedia', true, p, p, ['ar', 'latin']); }
  for (let i = 0; i < 250; i++) { const p = person({ maghreb: true }); add('same.latinSpellings', true, p, p, ['latin', 'latin']); }
  for (let i = 0; i < 150; i++) { const p = person({ maghreb: true }); add('same.arabicSpellings', true, p, p, ['ar', 'ar']); }
  for (let i = 0; i < 350; i++) {
    const p = person({ maghreb: true });
    const sex: Sex = chance(0.5) ? p.sex : p.sex === 'male' ? 'female' : 'male';
    const others = pools[sex].filter((g) => g !== p.given[0]);
    const born = `${Number(p.born.slice(0, 4)) + pick([-1, 1]) * (1 + Math.floor(rand() * 15))}${p.born.slice(4)}`;
    const q = person({ maghreb: true, sex, given: [pick(others)], family: p.family, born, nationality: p.nationality, phone: chance(0.1) ? p.phone : undefined });
    add('different.siblings', false, p, q, scriptsFor(p));
  }
  const commons = [...pools.male, ...pools.female].filter((e) => COMMON.includes(e.ar));
  for (let i = 0; i < 250 && commons.length > 0; i++) {
    const g = pick(commons);
    const sex: Sex = pools.male.includes(g) ? 'male' : 'female';
    const p = person({ maghreb: true, sex, given: [g] });
    const q = person({ maghreb: true, sex, given: [g], family: pick(pools.family.filter((f) => f !== p.family)) });
    add('different.commonGivenName', false, p, q, scriptsFor(p));
  }
  for (let i = 0; i < 250; i++) {
    const p = person({ maghreb: true });
    const q = person({ maghreb: true, sex: p.sex, given: p.given.map((g) => pick(near[p.sex].get(g)!)), family: pick(near.family.get(p.family)!) });
    add('different.similarNames', false, p, q, scriptsFor(p));
  }
  for (let i = 0; i < 200; i++) {
    const p = person({ maghreb: false });
    const q = person({ maghreb: false, sex: p.sex, given: [pick(near.wiki.get(p.given[0]!) ?? wikiPool)], family: pick(near.wiki.get(p.family) ?? wikiPool), nationality: p.nationality });
    add('different.similarNames.wikipedia', false, p, q, ['ar', 'latin']);
  }
  for (let i = 0; i < 150; i++) {
    const p = person({ maghreb: true, doc: { type: 'national_id', number: cin() } });
    const born = `${Number(p.born.slice(0, 4)) + pick([-1, 1]) * (6 + Math.floor(rand() * 20))}${p.born.slice(4)}`;
    const q = person({ maghreb: true, sex: p.sex, given: p.given, family: p.family, born, doc: { type: 'national_id', number: cin() } });
    add('different.namesakes', false, p, q, scriptsFor(p), true); // only a fact tells namesakes apart: both keep a date of birth
  }
  for (let i = 0; i < 200; i++) { const p = person(); const q = person({ maghreb: p.maghreb }); add('different.random', false, p, q, p.maghreb ? scriptsFor(p) : ['ar', 'latin']); }
  return pairs;
}

const pairs = [...build('dev', 15), ...build('test', 1015)];
fs.writeFileSync(path.join(DIR, 'matching-pairs.jsonl'), pairs.map((p) => JSON.stringify(p)).join('\n') + '\n');
console.log(`${pairs.length} pairs written (${pairs.filter((p) => p.same).length} same person)`);
