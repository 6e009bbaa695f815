/**
 * Choropleth of Morocco's twelve regions (SVG, no map tiles), on the same simplified outlines as the
 * service directory's map (ui/region-paths.json, from data/geo by scripts/region-paths.mjs), with suppressed
 * figures hatched. A map is not mirrored in Arabic: north stays up and west stays left. Each region names
 * itself and its figure; the table next to it is the accessible alternative.
 */
import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import outlines from '../../ui/region-paths.json';

const STEPS = ['#e7eef8', '#b7cde9', '#7fa6d6', '#3f74b8', '#1d4f91'];

export function RegionMap({ values, label, regionName, format }: { values: Map<string, number | null>; label: string; regionName: (code: string) => string; format: (v: number | null) => string }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...[...values.values()].map((v) => v ?? 0));
  const fill = (v: number | null | undefined) => (v === null || v === undefined ? 'url(#suppressed-hatch)' : v === 0 ? '#f4f5f7' : STEPS[Math.min(STEPS.length - 1, Math.floor((v / max) * (STEPS.length - 1e-9)))]!);
  return (
    <figure style={{ margin: 0 }} data-testid="region-map">
      <svg viewBox={outlines.viewBox} width="100%" style={{ maxInlineSize: 520, direction: 'ltr' }} role="img" aria-label={label}>
        <defs>
          <pattern id="suppressed-hatch" width="12" height="12" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="12" height="12" fill="#f1f3f5" />
            <line x1="0" y1="0" x2="0" y2="12" stroke="#868e96" strokeWidth="4" />
          </pattern>
        </defs>
        {outlines.regions.map((r) => (
          <path key={r.code} d={r.d} fill={fill(values.get(r.code))} stroke="#495057" strokeWidth={1.5} data-region={r.code}>
            <title>{`${regionName(r.code)} : ${format(values.get(r.code) ?? 0)}`}</title>
          </path>
        ))}
      </svg>
      <Group gap="xs" mt="xs" aria-hidden>
        <Text size="xs">{t('statistics.map.fewer')}</Text>
        {STEPS.map((c) => <span key={c} style={{ inlineSize: 18, blockSize: 12, background: c, border: '1px solid #adb5bd', display: 'inline-block' }} />)}
        <Text size="xs">{t('statistics.map.more')}</Text>
        <svg width="18" height="12"><rect width="18" height="12" fill="url(#suppressed-hatch)" stroke="#adb5bd" /></svg>
        <Text size="xs">{t('statistics.suppressed')}</Text>
      </Group>
      <Text size="xs" c="dimmed" mt={4} data-testid="region-map-attribution">{t('statistics.map.attribution')}</Text>
    </figure>
  );
}
