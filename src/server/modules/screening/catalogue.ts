/**
 * Loads and validates the indicator catalogue and its texts (data/indicators/) once at start-up, and
 * labels it for the interview screen in the requested language.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ZCatalogueFile, DIMENSIONS, type TCatalogueFile, type TCatalogueView, type TQuickScreenView } from '../../../contract/screening';
import type { Language } from '../../platform/i18n';

const T = z.object({ fr: z.string().min(1), ar: z.string().min(1), en: z.string().min(1) });
const ZTexts = z.object({
  version: z.string(),
  dimensions: z.record(z.string(), T),
  phases: z.record(z.string(), T),
  sets: z.record(z.string(), T),
  levels: z.record(z.string(), T),
  indicators: z.record(z.string(), z.object({ label: z.object({ fr: z.string().min(1), ar: z.string().min(1) }), question: T })),
});
type Texts = z.infer<typeof ZTexts>;

const read = (name: string): unknown => JSON.parse(fs.readFileSync(fileURLToPath(new URL(`../../../../data/indicators/${name}`, import.meta.url)), 'utf8'));

const ZQuick = z.object({
  version: z.string(),
  notes: z.string().optional(),
  redFlags: z.array(z.object({ id: z.string().regex(/^RF-\d{2}$/), group: z.string(), corroborates: z.array(z.string()).min(1), text: T })).min(1),
  groups: z.record(z.string(), T),
  advice: z.object({ flags: T, none: T }),
  guidance: z.array(z.object({ id: z.string(), title: T, text: T })).min(1),
});
type Quick = z.infer<typeof ZQuick>;

let loaded: { catalogue: TCatalogueFile; texts: Texts; quick: Quick } | undefined;

/** Validates the catalogue: schema, unique ids, and a text (fr/ar/en) for every indicator and dimension. */
export function loadCatalogue(): { catalogue: TCatalogueFile; texts: Texts; quick: Quick } {
  if (loaded) return loaded;
  const catalogue = ZCatalogueFile.parse(read('catalogue.json'));
  const texts = ZTexts.parse(read('texts.json'));
  const quick = ZQuick.parse(read('quick-screen.json'));
  const problems: string[] = [];
  const labels = new Set(catalogue.sets.flatMap((s) => s.indicators.map((i) => i.label_en)));
  for (const f of quick.redFlags) {
    if (!quick.groups[f.group]) problems.push(`red flag ${f.id}: unknown group ${f.group}`);
    for (const l of f.corroborates) if (!labels.has(l)) problems.push(`red flag ${f.id}: "${l}" is not an indicator of the catalogue`);
  }
  for (const set of catalogue.sets) {
    const ids = new Set<string>();
    for (const i of set.indicators) {
      if (ids.has(i.id)) problems.push(`${set.code}: duplicate id ${i.id}`);
      ids.add(i.id);
      if (!texts.indicators[i.label_en]) problems.push(`${set.code} ${i.id}: no fr/ar text for "${i.label_en}"`);
    }
    if (!texts.sets[set.code]) problems.push(`no label for set ${set.code}`);
  }
  for (const d of DIMENSIONS) if (!texts.dimensions[d]) problems.push(`no label for dimension ${d}`);
  if (problems.length) throw new Error(`Indicator catalogue is invalid:\n  - ${problems.join('\n  - ')}`);
  loaded = { catalogue, texts, quick };
  return loaded;
}

const views = new Map<Language, TCatalogueView>();

export function catalogueView(lang: Language): TCatalogueView {
  const hit = views.get(lang);
  if (hit) return hit;
  const { catalogue, texts } = loadCatalogue();
  const view: TCatalogueView = {
    id: catalogue.id,
    version: catalogue.version,
    dimensionRule: catalogue.dimensionRule.description,
    sets: catalogue.sets.map((s) => ({
      code: s.code,
      label: texts.sets[s.code]![lang],
      population: s.population,
      exploitation: s.exploitation,
      status: s.status,
      dimensions: DIMENSIONS.map((d) => ({
        code: d,
        label: texts.dimensions[d]![lang],
        phase: s.indicators.find((i) => i.dimension === d)?.phase ?? 'recruitment',
        indicators: s.indicators
          .filter((i) => i.dimension === d)
          .map((i) => {
            const t = texts.indicators[i.label_en]!;
            return { id: i.id, level: i.level, label: lang === 'en' ? i.label_en : t.label[lang], question: t.question[lang] };
          }),
      })),
    })),
  };
  views.set(lang, view);
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
