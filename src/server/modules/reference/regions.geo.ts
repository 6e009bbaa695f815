/**
 * Distances between Morocco's 12 regions, for widening a service search to the nearest regions.
 *
 * Each region's point is the area-weighted centroid of its polygon in data/geo/morocco-regions.geojson
 * (the shoelace formula on longitude/latitude, a plane approximation that is exact enough at this scale);
 * the distance between two regions is the great-circle distance between their centroids (haversine, mean
 * Earth radius 6,371 km), rounded to the kilometre. Computed once from the shapes, so deterministic: the
 * same data always gives the same order; ties are broken by region code.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

type Feature = { id?: string; properties: { code: string }; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] } };

const shapes = (): Feature[] =>
  (JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../../../data/geo/morocco-regions.geojson', import.meta.url)), 'utf8')) as { features: Feature[] }).features;

/** Area-weighted centroid of polygons (outer rings minus holes), in degrees. */
export function centroid(polygons: number[][][][]): { lon: number; lat: number } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (const rings of polygons) {
    for (const ring of rings) {
      // Holes have the opposite winding, so their signed area subtracts itself.
      for (let i = 0; i < ring.length - 1; i++) {
        const [x0, y0] = ring[i]!;
        const [x1, y1] = ring[i + 1]!;
        const cross = x0! * y1! - x1! * y0!;
        a += cross;
        cx += (x0! + x1!) * cross;
        cy += (y0! + y1!) * cross;
      }
    }
  }
  return { lon: cx / (3 * a), lat: cy / (3 * a) };
}

const RADIUS_KM = 6371;
const rad = (d: number) => (d * Math.PI) / 180;

export function haversineKm(p: { lon: number; lat: number }, q: { lon: number; lat: number }): number {
  const h = Math.sin(rad(q.lat - p.lat) / 2) ** 2 + Math.cos(rad(p.lat)) * Math.cos(rad(q.lat)) * Math.sin(rad(q.lon - p.lon) / 2) ** 2;
  return 2 * RADIUS_KM * Math.asin(Math.sqrt(h));
}

export const REGION_CENTROIDS: ReadonlyMap<string, { lon: number; lat: number }> = new Map(
  shapes().map((f) => [f.properties.code, centroid(f.geometry.type === 'Polygon' ? [f.geometry.coordinates as number[][][]] : (f.geometry.coordinates as number[][][][]))]),
);

const DISTANCES = new Map<string, Map<string, number>>();
for (const [a, pa] of REGION_CENTROIDS) {
  DISTANCES.set(a, new Map([...REGION_CENTROIDS].map(([b, pb]) => [b, a === b ? 0 : Math.round(haversineKm(pa, pb))])));
}

/** Kilometres between the centroids of two regions (0 for the same region); undefined for an unknown code. */
export function regionDistanceKm(from: string, to: string): number | undefined {
  return DISTANCES.get(from)?.get(to);
}

/** The other regions, nearest first (ties by code), with their distance from `from`. */
export function nearestRegions(from: string): { regionCode: string; distanceKm: number }[] {
  const row = DISTANCES.get(from);
  if (!row) return [];
  return [...row]
    .filter(([code]) => code !== from)
    .map(([regionCode, distanceKm]) => ({ regionCode, distanceKm }))
    .sort((x, y) => x.distanceKm - y.distanceKm || x.regionCode.localeCompare(y.regionCode));
}
