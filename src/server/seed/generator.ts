/**
 * Synthetic case generator. Its mix follows the published Moroccan figures (domain brief §1.5: 2022 sex × age
 * of 166 victims, forms of exploitation, ~75% Moroccan nationals) so demo statistics look like real ones.
 * Deterministic for a given seed; streams specs so a million cases need little memory.
 */
import type { TCaseCreate } from '../../contract/cases';
import { PROVINCES } from '../modules/reference/reference.service';
import { FOREIGN, MOROCCAN } from './names';

export type Rng = () => number;

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(r: Rng, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

export function weighted<T>(r: Rng, entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of entries) {
    x -= w;
    if (x < 0) return v;
  }
  return entries[entries.length - 1]![0];
}

// 2022 (TIP 2023): 43 men, 26 boys, 39 women, 58 girls.
type SexAge = readonly ['male' | 'female', 'adult' | 'child'];
const SEX_AGE: readonly (readonly [SexAge, number])[] = [[['male', 'adult'], 43], [['male', 'child'], 26], [['female', 'adult'], 39], [['female', 'child'], 58]];
// 2022: sexual 101, forced labour 27, begging 4, slavery-like practices 45, forced criminality 8 (multi-valued).
const FORMS = [['sexual_prostitution', 70], ['sexual_pornography', 12], ['sexual_other', 19], ['forced_labour', 27], ['servitude', 14], ['slavery_practices', 31], ['forced_begging', 4], ['forced_criminality', 8]] as const;
const FOREIGN_MIX = [['NG', 30], ['CI', 15], ['GN', 15], ['CM', 10], ['SN', 8], ['ML', 6], ['CD', 6], ['PH', 5], ['SY', 3], ['BD', 2]] as const;
const REGION_WEIGHT = [['MA-06', 26], ['MA-04', 15], ['MA-01', 14], ['MA-03', 9], ['MA-07', 10], ['MA-09', 7], ['MA-02', 9], ['MA-05', 3], ['MA-08', 2], ['MA-10', 2], ['MA-11', 2], ['MA-12', 1]] as const;
const SITUATION = [['trafficking', 85], ['smuggling', 8], ['other_exploitation', 5], ['undetermined', 2]] as const;
const STAGES = [['presumed_victim', 30], ['recovery_reflection', 15], ['identification_decision', 15], ['assistance', 30], ['durable_solution', 10]] as const;
const STATUS = [['active', 70], ['follow_up', 15], ['closed', 13], ['closed_referred', 2]] as const;
const CHANNELS_BY_TYPE: Record<string, string[]> = {
  police: ['police_operation', 'hotline', 'community'],
  gendarmerie: ['gendarmerie_operation', 'border_control'],
  labour_inspection: ['labour_inspection'],
  health: ['health_facility'],
  social_services: ['self_referral', 'community', 'hotline'],
  ngo: ['ngo_outreach', 'self_referral', 'hotline'],
  international_organisation: ['international_organisation', 'consulate'],
};

const provincesByRegion = new Map<string, string[]>();
for (const p of PROVINCES) provincesByRegion.set(p.region_code, [...(provincesByRegion.get(p.region_code) ?? []), p.code]);

const iso = (d: Date) => d.toISOString().slice(0, 10);

export type Spec = { input: TCaseCreate & { person: NonNullable<TCaseCreate['person']> }; createdAt: string; status: string };

/** One synthetic case, identified between `from` and `to`, managed by an organisation of type `orgType`. */
export function generateCase(r: Rng, orgType: string, range: { from: number; to: number }): Spec {
  const [sex, ageGroup] = weighted(r, SEX_AGE);
  const foreign = r() < 0.25;
  const nationality = foreign ? weighted(r, FOREIGN_MIX) : 'MA';
  const identified = new Date(range.from + r() * (range.to - range.from));
  const ageUncertain = ageGroup === 'child' && r() < 0.15;
  const age = ageGroup === 'child' ? 8 + Math.floor(r() * 10) : 18 + Math.floor(r() * 30);
  const birthYear = identified.getUTCFullYear() - age;
  const knowsBirthDate = r() < 0.6;
  const dob = `${birthYear}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;

  let givenNames: string;
  let familyName: string;
  let languages: string[];
  if (nationality === 'MA') {
    const g = pick(r, sex === 'female' ? MOROCCAN.female : MOROCCAN.male);
    const f = pick(r, MOROCCAN.family);
    const arabic = r() < 0.5;
    givenNames = arabic ? g[1]! : g[0]!;
    familyName = arabic ? f[1]! : f[0]!;
    languages = r() < 0.3 ? ['ara', 'fra'] : ['ara'];
  } else {
    const n = FOREIGN[nationality]!;
    givenNames = pick(r, sex === 'female' ? n.female : n.male);
    familyName = pick(r, n.family);
    languages = [pick(r, n.languages)];
  }
  const forms = new Set<string>([weighted(r, FORMS)]);
  if (r() < 0.12) forms.add(weighted(r, FORMS));
  const region = weighted(r, REGION_WEIGHT);
  const places: TCaseCreate['places'] = [];
  if (foreign) places.push({ kind: 'origin', country: nationality });
  if (foreign && r() < 0.6) places.push({ kind: 'transit', country: pick(r, ['DZ', 'ML', 'NE', 'MR']) });
  places.push({ kind: 'exploitation', country: 'MA', regionCode: region, provinceCode: pick(r, provincesByRegion.get(region)!) });
  const vulnerabilities: string[] = [];
  if (ageGroup === 'child') vulnerabilities.push('child');
  if (ageGroup === 'child' && foreign && r() < 0.5) vulnerabilities.push('unaccompanied_child');
  if (sex === 'female' && ageGroup === 'adult' && r() < 0.08) vulnerabilities.push('pregnancy');
  if (r() < 0.1) vulnerabilities.push('health');
  if (foreign && r() < 0.5) vulnerabilities.push('no_documents');
  const startDaysBefore = 30 + Math.floor(r() * 700);
  // The journey, debt and recruitment are filled sparsely from values already drawn (no extra draws, so a
  // seed gives the same cases as before): about one foreign case in four.
  const detailed = foreign && Math.floor(identified.getTime() / 60_000) % 4 === 0;
  const transit = places.find((pl) => pl.kind === 'transit')?.country;
  const departed = iso(new Date(identified.getTime() - (startDaysBefore + 60) * 86_400_000));
  const arrived = iso(new Date(identified.getTime() - (startDaysBefore + 5) * 86_400_000));
  const sexual = [...forms].some((f) => f.startsWith('sexual'));

  return {
    createdAt: new Date(identified.getTime() + Math.floor(r() * 86_400_000)).toISOString(),
    status: weighted(r, STATUS),
    input: {
      person: {
        givenNames,
        familyName,
        aliases: r() < 0.1 ? [pick(r, ['Mimi', 'Lola', 'Bébé', 'Chérie', 'Baba'])] : [],
        sex,
        ...(knowsBirthDate ? { dateOfBirth: dob } : { estimatedAge: age }),
        ...(!knowsBirthDate && ageUncertain ? { ageRange: { min: Math.max(0, age - 1), max: age + 2 }, ageAssessment: { method: 'self_declared' } } : {}),
        ageUncertain,
        nationalities: [nationality],
        languages,
        interpreterNeeded: foreign && !languages.includes('fra') && !languages.includes('ara'),
        contacts: r() < 0.5 ? [{ kind: 'phone', value: `+2126${String(Math.floor(r() * 1e8)).padStart(8, '0')}` }] : [],
        identityDocuments:
          !foreign || r() < 0.3
            ? [{ type: nationality === 'MA' ? 'national_id' : 'passport', number: `${String.fromCharCode(65 + Math.floor(r() * 26))}${Math.floor(100000 + r() * 899999)}`, issuingCountry: nationality, heldBy: r() < 0.3 ? 'third_party' : 'person' }]
            : [],
        vulnerabilities,
      },
      situationType: weighted(r, SITUATION),
      exploitationForms: [...forms],
      places,
      identifiedOn: iso(identified),
      exploitationStartedOn: iso(new Date(identified.getTime() - startDaysBefore * 86_400_000)),
      identificationChannel: pick(r, CHANNELS_BY_TYPE[orgType] ?? ['other']),
      stage: weighted(r, STAGES),
      story: r() < 0.4 ? 'Récit recueilli lors du premier entretien (données synthétiques de démonstration).' : undefined,
      ...(detailed
        ? {
            journey: [
              ...(transit ? [{ fromCountry: nationality, toCountry: transit, departedOn: departed, transport: 'bus', controlledBy: 'smuggler' }] : []),
              { fromCountry: transit ?? nationality, toCountry: 'MA', arrivedOn: arrived, transport: transit ? 'on_foot' : 'air', controlledBy: sexual ? 'exploiter' : 'recruiter' },
            ],
            recruitment: { recruitedBy: sexual ? 'acquaintance' : 'agency', method: 'job_offer', country: nationality, promise: 'Un emploi bien payé (données synthétiques).' },
            ...(sexual ? { debt: { amount: 3000 + (startDaysBefore % 7) * 1000, currency: 'EUR', owedTo: 'exploiter' } } : {}),
          }
        : {}),
    },
  };
}
