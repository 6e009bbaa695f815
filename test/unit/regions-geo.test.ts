import { describe, expect, it } from 'vitest';
import { REGION_CENTROIDS, centroid, haversineKm, nearestRegions, regionDistanceKm } from '../../src/server/modules/reference/regions.geo';
import { REGION_CODES } from '../../src/server/modules/reference/reference.service';

describe('distances between regions (centroids of data/geo shapes)', () => {
  it('the centroid of a square and of a square with a hole, by hand', () => {
    const square = [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]];
    expect(centroid([[square]])).toEqual({ lon: 1, lat: 1 });
    // A hole (clockwise) in the right half moves the centroid to the left.
    const hole = [[1.5, 0.5], [1.5, 1.5], [1.9, 1.5], [1.9, 0.5], [1.5, 0.5]];
    expect(centroid([[square, hole]]).lon).toBeLessThan(1);
  });

  it('haversine: one degree of latitude is about 111 km', () => {
    expect(haversineKm({ lon: -7, lat: 33 }, { lon: -7, lat: 34 })).toBeCloseTo(111.19, 1);
  });

  it('every region has a centroid inside Morocco, and distances are symmetric', () => {
    expect([...REGION_CENTROIDS.keys()].sort()).toEqual([...REGION_CODES].sort());
    for (const [code, p] of REGION_CENTROIDS) {
      expect(p.lat, code).toBeGreaterThan(21);
      expect(p.lat, code).toBeLessThan(36);
      expect(p.lon, code).toBeGreaterThan(-17.5);
      expect(p.lon, code).toBeLessThan(-1);
      for (const other of REGION_CODES) expect(regionDistanceKm(code, other)).toBe(regionDistanceKm(other, code));
      expect(regionDistanceKm(code, code)).toBe(0);
    }
    expect(regionDistanceKm('MA-06', 'MA-99')).toBeUndefined();
  });

  it('nearest regions, known cases: from Casablanca-Settat, from Tangier, from Dakhla', () => {
    const fromCasa = nearestRegions('MA-06');
    expect(fromCasa).toHaveLength(11);
    expect(fromCasa.map((r) => r.regionCode).slice(0, 3)).toEqual(['MA-05', 'MA-07', 'MA-04']);
    expect(fromCasa.at(-1)!.regionCode).toBe('MA-12');
    for (let i = 1; i < fromCasa.length; i++) expect(fromCasa[i]!.distanceKm).toBeGreaterThanOrEqual(fromCasa[i - 1]!.distanceKm);
    expect(nearestRegions('MA-01').map((r) => r.regionCode).slice(0, 2)).toEqual(['MA-04', 'MA-03']);
    expect(nearestRegions('MA-12')[0]).toEqual({ regionCode: 'MA-11', distanceKm: regionDistanceKm('MA-12', 'MA-11') });
    // Casablanca to Rabat-Salé-Kénitra, centroid to centroid: between 150 and 250 km.
    expect(regionDistanceKm('MA-06', 'MA-04')).toBeGreaterThan(150);
    expect(regionDistanceKm('MA-06', 'MA-04')).toBeLessThan(250);
    expect(nearestRegions('MA-99')).toEqual([]);
  });
});
