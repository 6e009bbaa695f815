/**
 * The directory search that widens (issue 18): a region with no matching service returns the matching
 * services of the other regions, nearest first (centroid distances of data/geo), marked as widened; the
 * directory's visibility rules (who may search, inactive services hidden, every filter) are the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nearestRegions, regionDistanceKm } from '../../src/server/modules/reference/regions.geo';
import { DIALECTS, createTestEnv, userClient, type Client, type TestEnv } from '../support/harness';

type Item = { id: string; name: string; nearestRegionCode?: string; distanceKm?: number };

for (const dialect of DIALECTS) {
  describe(`directory search widened to the nearest regions [${dialect}]`, () => {
    let env: TestEnv;
    let searcher: Client;
    let provider: Client;
    let dpo: Client;
    const ids: Record<string, string> = {};

    const add = async (key: string, body: Record<string, unknown>) => {
      const res = await provider.post('/api/v1/services', { type: 'specialised_shelter', audience: 'all', languages: ['ar'], ...body, name: body.name ?? key });
      expect(res.statusCode, res.body).toBe(201);
      ids[key] = (res.json() as { id: string }).id;
      return res.json() as { id: string; version: number };
    };

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      searcher = await userClient(env, env.orgs.a, ['case_worker']);
      provider = await userClient(env, env.orgs.c, ['org_admin']);
      dpo = await userClient(env, env.orgs.a, ['dpo']);
      // Specialised shelters in Fès-Meknès, Tangier (two: the names order them), Marrakech-Safi and, serving
      // both Dakhla and Béni Mellal, one whose nearest region to Casablanca is Béni Mellal. None in Casablanca-Settat.
      await add('fes', { name: 'Shelter Fes', regions: ['MA-03'] });
      await add('tangierB', { name: 'Shelter Tangier B', regions: ['MA-01'] });
      await add('tangierA', { name: 'Shelter Tangier A', regions: ['MA-01'] });
      await add('marrakech', { name: 'Shelter Marrakech', regions: ['MA-07'] });
      await add('twoRegions', { name: 'Shelter South and Beni Mellal', regions: ['MA-12', 'MA-05'] });
      // Not visible: inactive; of another type; for children only; without Arabic.
      const closed = await add('inactive', { name: 'Shelter Rabat (closed)', regions: ['MA-04'] });
      expect((await provider.patch(`/api/v1/services/${closed.id}`, { version: closed.version, active: false })).statusCode).toBe(200);
      await add('medical', { name: 'Clinic Rabat', type: 'medical', regions: ['MA-04'] });
      await add('children', { name: 'Shelter Rabat children', regions: ['MA-04'], audience: 'children' });
      await add('french', { name: 'Shelter Rabat French', regions: ['MA-04'], languages: ['fr'] });
      // A medical service in Casablanca itself: the medical search there is not widened.
      await add('casaMedical', { name: 'Clinic Casablanca', type: 'medical', regions: ['MA-06'] });
    });
    afterAll(() => env.close());

    const search = async (q: string) => {
      const res = await searcher.get(`/api/v1/services?${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: Item[]; widened: null | { fromRegionCode: string; regions: { regionCode: string; distanceKm: number }[] } };
    };

    it('an empty region gives the nearest regions’ services, marked as widened, nearest first', async () => {
      const base = 'type=specialised_shelter&regionCode=MA-06&audience=adults&language=ar';
      // Without widen, the region search stays empty (the old behaviour).
      const plain = await search(base);
      expect(plain.items).toEqual([]);
      expect(plain.widened).toBeNull();

      const r = await search(`${base}&widen=true`);
      const km = (code: string) => regionDistanceKm('MA-06', code)!;
      // Ordered by the distance from Casablanca-Settat to the service's nearest region, then by name.
      const expected = [
        { id: ids.twoRegions, region: 'MA-05' },
        { id: ids.marrakech, region: 'MA-07' },
        { id: ids.fes, region: 'MA-03' },
        { id: ids.tangierA, region: 'MA-01' },
        { id: ids.tangierB, region: 'MA-01' },
      ].sort((a, b) => km(a.region) - km(b.region) || 0);
      expect(r.items.map((s) => s.id)).toEqual(expected.map((e) => e.id));
      expect(r.items.map((s) => [s.nearestRegionCode, s.distanceKm])).toEqual(expected.map((e) => [e.region, km(e.region)]));
      for (let i = 1; i < r.items.length; i++) expect(r.items[i]!.distanceKm!).toBeGreaterThanOrEqual(r.items[i - 1]!.distanceKm!);
      // The regions proposed, nearest first, each once.
      expect(r.widened).toEqual({ fromRegionCode: 'MA-06', regions: ['MA-05', 'MA-07', 'MA-03', 'MA-01'].map((c) => ({ regionCode: c, distanceKm: km(c) })).sort((a, b) => a.distanceKm - b.distanceKm) });
      expect(r.widened!.regions.map((x) => x.regionCode)).toEqual(nearestRegions('MA-06').map((x) => x.regionCode).filter((c) => ['MA-05', 'MA-07', 'MA-03', 'MA-01'].includes(c)));
      // Hidden services stay hidden when widening: inactive, other type, children only, without Arabic.
      for (const key of ['inactive', 'medical', 'children', 'french', 'casaMedical']) expect(r.items.map((s) => s.id)).not.toContain(ids[key]);
      // The limit keeps the nearest.
      expect((await search(`${base}&widen=true&limit=2`)).items.map((s) => s.id)).toEqual(expected.slice(0, 2).map((e) => e.id));
    });

    it('a region with a match is not widened, and its services are at distance 0', async () => {
      const r = await search('type=medical&regionCode=MA-06&widen=true');
      expect(r.widened).toBeNull();
      expect(r.items.map((s) => [s.id, s.nearestRegionCode, s.distanceKm])).toEqual([[ids.casaMedical, 'MA-06', 0]]);
      // Without a region, nothing is measured.
      const all = await search('type=medical');
      expect(all.widened).toBeNull();
      expect(all.items.every((s) => s.distanceKm === undefined)).toBe(true);
      // Nothing anywhere: widened, but empty.
      const none = await search('type=avrr&regionCode=MA-06&widen=true');
      expect(none.items).toEqual([]);
      expect(none.widened).toEqual({ fromRegionCode: 'MA-06', regions: [] });
    });

    it('the inactive service appears only when asked for, like any directory search; roles without the directory are refused', async () => {
      const withInactive = await search('type=specialised_shelter&regionCode=MA-06&audience=adults&language=ar&widen=true&includeInactive=true');
      expect(withInactive.items.map((s) => s.id)).toContain(ids.inactive);
      expect((await dpo.get('/api/v1/services?regionCode=MA-06&widen=true')).statusCode).toBe(403);
      // A region code of the right shape that is no region: nothing found, nothing to widen to.
      expect(await search('regionCode=MA-99&widen=true')).toMatchObject({ items: [], widened: { fromRegionCode: 'MA-99', regions: [] } });
    });
  });
}
