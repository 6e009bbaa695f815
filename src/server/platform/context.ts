/**
 * The platform handed to every service: database, dialect, keyring and configuration. Services also take
 * the transaction and the acting user explicitly, so nothing is hidden in globals.
 */
import type { Config } from './config';
import type { Keyring, SubjectKeys } from './crypto/keyring';
import type { ErasureLedger } from './crypto/erasures';
import type { Db, Dialect } from './db/database';
import type { TRole } from '../../contract/common';

/** `subjects`: per-person data keys (crypto-shredding); `erasures`: the ledger of destroyed ones. */
export type Platform = { db: Db; dialect: Dialect; keyring: Keyring; subjects: SubjectKeys; erasures: ErasureLedger; config: Config };

export type Actor = {
  userId: string;
  organisationId: string;
  displayName: string;
  roles: ReadonlySet<TRole>;
  language: 'fr' | 'ar' | 'en';
  ip: string | null;
  /** Set for actions done from the command line (seed, user create), not through a session. */
  system?: boolean;
};

export function hasRole(actor: Actor, ...roles: TRole[]): boolean {
  return roles.some((r) => actor.roles.has(r));
}
