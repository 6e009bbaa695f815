/**
 * Loads and validates the indicator catalogue and its texts (data/indicators/) once at start-up, and
 * labels it for the interview screen in the requested language. Earlier versions of the catalogue are kept
 * in data/indicators/archive/ (catalogue-<version>.json), so that a screening recorded with one of them is
 * still labelled and explained with the indicators it was answered with.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isDeepStrictEqual } from 'node:util';
import { ZCatalogueFile, DIMENSIONS, type TCatalogueFile, type TCatalogueView, type TQuickScreenView, type TSetCode } from '../../../contract/screening';
import type { Language } from '../../platform/i18n';

const T = z.object({ fr: z.string().min(1), ar: z.string().min(1), en: z.string().min(1) });
const ZTexts = z.object({
  version: z.string(),
  dimensions: z.record(z.string(), T),
  /** Dimension labels that differ for a form of exploitation (e.g. "conditions of sexual exploitation"). */
  dimensionsByExploitation: z.record(z.string(), z.record(z.string(), T)).optional(),
  phases: z.record(z.string(), T),
  phasesByExploitation: z.record(z.string(), z.record(z.string(), T)).optional(),
  sets: z.record(z.string(), T),
  levels: z.record(z.string(), T),
  indicators: z.record(z.string(), z.object({ label: z.object({ fr: z.string().min(1), ar: z.string().min(1) }), question: T })),
});
type Texts = z.infer<typeof ZTexts>;

const dir = (sub = '') => fileURLToPath(new URL(`../../../../data/indicators/${sub}`, import.meta.url));
const read = (name: string): unknown => JSON.parse(fs.readFileSync(dir(name), 'utf8'));

const ZQuick = z.object({
  version: z.string(),
  notes: z.string().optional(),
  redFlags: z.array(z.object({ id: z.string().regex(/^RF-\d{2}$/), group: z.string(), corroborates: z.array(z.string()).min(1), text: T })).min(1),
  groups: z.record(z.string(), T),
  advice: z.object({ flags: T, none: T }),
  guidance: z.array(z.object({ id: z.string(), title: T, text: T })).min(1),
});
type Quick = z.infer<typeof ZQuick>;

type Loaded = { catalogue: TCatalogueFile; texts: Texts; quick: Quick; versions: Map<string, TCatalogueFile> };
let loaded: Loaded | undefined;

/** The archived catalogues (data/indicators/archive/catalogue-<version>.json), each validated like the current one. */
function readArchive(): TCatalogueFile[] {
  const archive = dir('archive');
  if (!fs.existsSync(archive)) return [];
  return fs
    .readdirSync(archive)
    .filter((f) => /^catalogue-.+\.json$/.test(f))
    .sort()
    .map((f) => {
      const c = ZCatalogueFile.parse(read(`archive/${f}`));
      if (f !== `catalogue-${c.version}.json`) throw new Error(`Indicator catalogue archive: ${f} holds version ${c.version}`);
      return c;
    });
}

/**
 * Validates the catalogue and its archived versions: schema, unique ids, a text (fr/ar/en) for every
 * indicator and dimension, and red flags that point at indicators of the current catalogue.
 */
export function loadCatalogue(): Loaded {
  if (loaded) return loaded;
  const catalogue = ZCatalogueFile.parse(read('catalogue.json'));
  const texts = ZTexts.parse(read('texts.json'));
  const quick = ZQuick.parse(read('quick-screen.json'));
  const problems: string[] = [];
  const versions = new Map<string, TCatalogueFile>([[catalogue.version, catalogue]]);
  for (const old of readArchive()) {
    if (versions.has(old.version)) problems.push(`catalogue version ${old.version} is both current and archived (or archived twice)`);
    else versions.set(old.version, old);
  }
  const labels = new Set(catalogue.sets.flatMap((s) => s.indicators.map((i) => i.label_en)));
  for (const f of quick.redFlags) {
    if (!quick.groups[f.group]) problems.push(`red flag ${f.id}: unknown group ${f.group}`);
    for (const l of f.corroborates) if (!labels.has(l)) problems.push(`red flag ${f.id}: "${l}" is not an indicator of the catalogue`);
  }
  for (const version of versions.values()) {
    for (const set of version.sets) {
      const where = `${version.version} ${set.code}`;
      const ids = new Set<string>();
      for (const i of set.indicators) {
        if (ids.has(i.id)) problems.push(`${where}: duplicate id ${i.id}`);
        ids.add(i.id);
        if (!texts.indicators[i.label_en]) problems.push(`${where} ${i.id}: no fr/ar text for "${i.label_en}"`);
      }
      if (set.status === 'validated' && set.validation) problems.push(`${where}: a validated set has no validation pending`);
      if (!texts.sets[set.code]) problems.push(`no label for set ${set.code}`);
    }
  }
  for (const d of DIMENSIONS) if (!texts.dimensions[d]) problems.push(`no label for dimension ${d}`);
  if (problems.length) throw new Error(`Indicator catalogue is invalid:\n  - ${problems.join('\n  - ')}`);
  loaded = { catalogue, texts, quick, versions };
  return loaded;
}

/** The catalogue of a version (current or archived), or undefined. */
export function catalogueOf(version: string): TCatalogueFile | undefined {
  return loadCatalogue().versions.get(version);
}

/**
 * The catalogue to evaluate answers sent for `version` and `setCode`: the current one, or an archived one
 * whose set and rules are exactly the current ones (a client that loaded the catalogue before an upgrade that
 * did not touch its set). Otherwise undefined: the answers were given to questions that have changed.
 */
export function catalogueAccepting(version: string, setCode: TSetCode): TCatalogueFile | undefined {
  const { catalogue } = loadCatalogue();
  if (version === catalogue.version) return catalogue;
  const old = catalogueOf(version);
  const then = old?.sets.find((s) => s.code === setCode);
  const now = catalogue.sets.find((s) => s.code === setCode);
  if (!old || !then || !now) return undefined;
  const same = isDeepStrictEqual(then, now) && isDeepStrictEqual(old.dimensionRule, catalogue.dimensionRule) && isDeepStrictEqual(old.outcomeRules[now.population], catalogue.outcomeRules[now.population]);
  return same ? old : undefined;
}

const views = new Map<string, TCatalogueView>();

/** The catalogue of `version` (the current one by default) labelled in `lang`; undefined for an unknown version. */
export function catalogueView(lang: Language, version?: string): TCatalogueView | undefined {
  const { catalogue: current, texts, versions } = loadCatalogue();
  const catalogue = version === undefined ? current : versions.get(version);
  if (!catalogue) return undefined;
  const key = `${catalogue.version}:${lang}`;
  const hit = views.get(key);
  if (hit) return hit;
  const view: TCatalogueView = {
    id: catalogue.id,
    version: catalogue.version,
    versions: [...versions.keys()].sort().reverse(),
    dimensionRule: catalogue.dimensionRule.description,
    dimensionCombinations: catalogue.dimensionRule.combinations,
    sets: catalogue.sets.map((s) => ({
      code: s.code,
      label: texts.sets[s.code]![lang],
      population: s.population,
      exploitation: s.exploitation,
      status: s.status,
      dimensions: DIMENSIONS.map((d) => {
        const phase = s.indicators.find((i) => i.dimension === d)?.phase ?? 'recruitment';
        const rule = s.dimensionRules?.[d];
        return {
          code: d,
          label: (texts.dimensionsByExploitation?.[s.exploitation]?.[d] ?? texts.dimensions[d]!)[lang],
          phase,
          ...(rule ? { combinations: rule.combinations } : {}),
          phaseLabel: (texts.phasesByExploitation?.[s.exploitation]?.[phase] ?? texts.phases[phase]!)[lang],
          indicators: s.indicators
            .filter((i) => i.dimension === d)
            .map((i) => {
              const t = texts.indicators[i.label_en]!;
              return { id: i.id, level: i.level, label: lang === 'en' ? i.label_en : t.label[lang], question: t.question[lang] };
            }),
        };
      }),
    })),
  };
  views.set(key, view);
  return view;
}

const quickViews = new Map<Language, TQuickScreenView>();

/** The red flags in one language, each with the catalogue indicators (all sets) it corroborates. */
export function quickScreenView(lang: Language): TQuickScreenView {
  const hit = quickViews.get(lang);
  if (hit) return hit;
  const { catalogue, texts, quick } = loadCatalogue();
  const idsOf = (label: string) => catalogue.sets.flatMap((s) => s.indicators.filter((i) => i.label_en === label).map((i) => i.id));
  const view: TQuickScreenView = {
    version: quick.version,
    groups: Object.entries(quick.groups).map(([code, label]) => ({
      code,
      label: label[lang],
      flags: quick.redFlags
        .filter((f) => f.group === code)
        .map((f) => ({
          id: f.id,
          text: f.text[lang],
          corroborates: f.corroborates.map((l) => ({ label: lang === 'en' ? l : (texts.indicators[l]?.label[lang] ?? l), indicatorIds: idsOf(l) })),
        })),
    })),
    advice: { flags: quick.advice.flags[lang], none: quick.advice.none[lang] },
    guidance: quick.guidance.map((g) => ({ id: g.id, title: g.title[lang], text: g.text[lang] })),
  };
  quickViews.set(lang, view);
  return view;
}
