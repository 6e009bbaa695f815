/**
 * README.md's demo-accounts table is the list `npm start` prints (DEMO_USERS, from data/demo/organisations.json):
 * the same accounts in the same order, each with the roles as printed and its organisation, and no other
 * demo address anywhere in README.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/server/seed/seed';

const root = path.resolve(import.meta.dirname, '../..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const demo = JSON.parse(fs.readFileSync(path.join(root, 'data/demo/organisations.json'), 'utf8')) as { organisations: { key: string; name: string }[] };
const orgName = new Map(demo.organisations.map((o) => [o.key, o.name]));

/** Rows of the table whose header is `| account | roles | organisation |`. */
function accountsTable(text: string): { email: string; roles: string; organisation: string }[] {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => /^\|\s*account\s*\|\s*roles\s*\|\s*organisation\s*\|\s*$/.test(l));
  if (header < 0) throw new Error('README.md has no "| account | roles | organisation |" table');
  const rows = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    rows.push({ email: cells[0]!.replace(/^`|`$/g, ''), roles: cells[1]!, organisation: cells[2]! });
  }
  return rows;
}

describe('README demo accounts', () => {
  it('lists exactly the accounts npm start prints, with their roles and organisation', () => {
    const expected = DEMO_USERS.map((u) => ({ email: u.email, roles: u.roles.join(', '), organisation: orgName.get(u.org) }));
    expect(accountsTable(readme)).toEqual(expected);
  });

  it('names no demo address that is not an account, and says how many there are', () => {
    const known = new Set(DEMO_USERS.map((u) => u.email));
    const mentioned = new Set(readme.match(/[\w.+-]+@opennrm\.demo/g) ?? []);
    expect([...mentioned].filter((m) => !known.has(m))).toEqual([]);
    expect(readme).toContain(`the ${DEMO_USERS.length} demo accounts`);
  });
});
