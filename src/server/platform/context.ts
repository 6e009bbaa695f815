/**
 * The platform handed to every service: database, dialect, keyring and configuration. Services also take
 * the transaction and the acting user explicitly, so nothing is hidden in globals.
 */
import type { Config } from './config';
import type { Keyring } from './crypto/keyring';
import type { Db, Dialect } from './db/database';
import type { TRole } from '../../contract/common';

export type Platform = { db: Db; dialect: Dialect; keyring: Keyring; config: Config };

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
