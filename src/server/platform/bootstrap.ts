/**
 * Opens everything a process needs (database + migrations, keyring, reference data) and applies the
 * production safety checks. Used by `serve` and by every CLI command.
 */
import type { Config } from './config';
import type { Platform } from './context';
import { loadKeyring, SubjectKeys } from './crypto/keyring';
import { ErasureLedger } from './crypto/erasures';
import { migrate, openDatabase, type DbHandle } from './db/database';
import { validateReferenceData } from '../modules/reference/reference.service';
import { referralConfig } from '../modules/referrals/referrals.config';
import { actionplanConfig } from '../modules/actionplan/actionplan.config';
import { subjectRightsConfig } from '../modules/subjectrights/subjectrights.config';
import { loadCatalogue } from '../modules/screening/catalogue';
import { justiceConfig } from '../modules/justice/justice.config';
import { rebuildFactsIfStale } from '../modules/statistics/statistics.facts';
import { reapplyErasures } from '../modules/retention/retention.erase';
import { checkRetentionConfig, markInterruptedRuns } from '../modules/retention/retention.service';
import { processingConfig } from '../modules/accountability/accountability.config';
import { personsService } from '../modules/persons/persons.service';

export type Booted = Platform & { handle: DbHandle; close: () => Promise<void> };

export class StartupError extends Error {}

export async function boot(config: Config, warn: (msg: string) => void = (m) => console.warn(`WARNING: ${m}`)): Promise<Booted> {
  validateReferenceData();
  loadCatalogue();
  justiceConfig();
  referralConfig();
  actionplanConfig();
  checkRetentionConfig();
  processingConfig();
  subjectRightsConfig();
  const keyring = loadKeyring(config.keyring, warn);
  const erasures = new ErasureLedger(config.keyring.erasureLedger);
  const handle = openDatabase(config.database);
  try {
    await migrate(handle);
  } catch (err) {
    await handle.close();
    throw err;
  }
  const subjects = new SubjectKeys(keyring, erasures);
  const p: Booted = { db: handle.db, dialect: handle.dialect, keyring, subjects, erasures, config, handle, close: () => handle.close() };
  try {
    // The commission's counts, recounted once when their definitions changed (statistics.facts).
    // A restored backup may hold persons erased since: they are erased again before anything is served.
    const { reapplied } = await reapplyErasures(p);
    if (reapplied > 0) warn(`${reapplied} person(s) erased after this database's backup was taken were erased again (erasure ledger).`);
    await markInterruptedRuns(p);
    // Candidate tokens (modules/matching) of the persons recorded before they existed: once, then a no-op.
    const indexed = await personsService.backfillMatchTokens(p);
    if (indexed > 0 && config.mode !== 'test') console.log(`Candidate tokens written for ${indexed.toLocaleString('en')} persons (once, after an upgrade).`);
    await rebuildFactsIfStale(p, (m) => { if (config.mode !== 'test') console.log(m); });
  } catch (err) {
    await handle.close();
    throw err;
  }
  if (config.mode === 'production') {
    const demo = await p.db.selectFrom('users').select('email').where('is_demo', '=', 1).where('active', '=', 1).execute();
    if (demo.length) {
      await p.close();
      throw new StartupError(
        `Production mode refuses to start while demo accounts are active (${demo.map((d) => d.email).join(', ')}). ` +
          'Deactivate them or use a database without demo data.',
      );
    }
  }
  return p;
}
