/**
 * Choropleth of Morocco's twelve regions (data/geo, SVG, no map tiles). A map is not mirrored in Arabic:
 * north stays up and west stays left. Each region names itself and its figure; the table next to it is the
 * accessible alternative.
 */
import { useMemo } from 'react';
import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import regions from '../../../../data/geo/morocco-regions.geojson?raw';

type Ring = [number, number][];
type Feature = { id: string; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: Ring[] | Ring[][] } };

const W = 520;
const STEPS = ['#e7eef8', '#b7cde9', '#7fa6d6', '#3f74b8', '#1d4f91'];

function project(features: Feature[]) {
  const pts = features.flatMap((f) => (f.geometry.type === 'Polygon' ? (f.geometry.coordinates as Ring[]) : (f.geometry.coordinates as Ring[][]).flat()).flat());
  const lons = pts.map((p) => p[0]);
  const lats = pts.map((p) => p[1]);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = W / ((maxLon - minLon) * k);
  const H = (maxLat - minLat) * scale;
  const xy = ([lon, lat]: [number, number]) => `${((lon - minLon) * k * scale).toFixed(1)},${((maxLat - lat) * scale).toFixed(1)}`;
  const paths = features.map((f) => {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates as Ring[]] : (f.geometry.coordinates as Ring[][]);
    return { id: f.id, d: polys.map((poly) => poly.map((ring) => `M${ring.map(xy).join('L')}Z`).join('')).join('') };
  });
  return { paths, height: Math.ceil(H) };
}

export function RegionMap({ values, label, regionName, format }: { values: Map<string, number | null>; label: string; regionName: (code: string) => string; format: (v: number | null) => string }) {
  const { t } = useTranslation();
  const { paths, height } = useMemo(() => project((JSON.parse(regions) as { features: Feature[] }).features), []);
  const max = Math.max(1, ...[...values.values()].map((v) => v ?? 0));
  const fill = (v: number | null | undefined) => (v === null || v === undefined ? 'url(#suppressed-hatch)' : v === 0 ? '#f4f5f7' : STEPS[Math.min(STEPS.length - 1, Math.floor((v / max) * (STEPS.length - 1e-9)))]!);
  return (
    <figure style={{ margin: 0 }} data-testid="region-map">
      <svg viewBox={`0 0 ${W} ${height}`} width="100%" style={{ maxInlineSize: W, direction: 'ltr' }} role="img" aria-label={label}>
        <defs>
          <pattern id="suppressed-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#f1f3f5" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#868e96" strokeWidth="2" />
          </pattern>
        </defs>
        {paths.map((p) => (
          <path key={p.id} d={p.d} fill={fill(values.get(p.id))} stroke="#495057" strokeWidth={0.8} data-region={p.id}>
            <title>{`${regionName(p.id)} : ${format(values.get(p.id) ?? 0)}`}</title>
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
