/**
 * Demo archive: three cases of the association registered and closed about six and a half years ago (as if
 * entered from its paper files), so the retention page of the demo has something due: with the default schedule
 * (data/config/retention.json: cases anonymised 60 months after closing) they are due at once, and the first
 * daily run, or "Run now", anonymises them while the statistics of those years stay as they were.
 * Written through the cases service (same validation, encryption and audit as the API); only the closing date is
 * set directly, since a case closed today through the service would start its clock today.
 */
import type { Actor, Platform } from '../platform/context';
import { ZCaseCreate } from '../../contract/cases';
import { casesService } from '../modules/cases/cases.service';
import { refreshFacts } from '../modules/statistics/statistics.facts';
import { generateCase, rng } from './generator';

const DAY = 86_400_000;
/** Registered this many days ago, closed two months later: past the 60 months of the default schedule. */
const ARCHIVE = [2400, 2380, 2330] as const;

export async function seedDemoArchive(p: Platform, ids: Map<string, string>): Promise<void> {
  const orgId = ids.get('asso-casa');
  if (!orgId) return;
  const actor: Actor = { userId: 'system', organisationId: orgId, displayName: 'OpenNRM', roles: new Set(['case_worker']), language: 'fr', ip: null, system: true };
  const gen = rng(1909);
  for (const daysAgo of ARCHIVE) {
    const registered = Date.now() - daysAgo * DAY;
    const spec = generateCase(gen, 'ngo', { from: registered - 3 * DAY, to: registered });
    await p.db.transaction().execute(async (trx) => {
      const c = await casesService.create(p, trx, actor, ZCaseCreate.parse(spec.input), { createdAt: new Date(registered).toISOString() });
      const closedAt = new Date(registered + 60 * DAY).toISOString();
      await trx.updateTable('cases').set({ status: 'closed', closed_at: closedAt, updated_at: closedAt }).where('id', '=', c.id).execute();
      await refreshFacts(p, trx, { cases: [c.id] });
    });
  }
}
