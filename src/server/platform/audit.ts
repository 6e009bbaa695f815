/**
 * Append-only, hash-chained audit log. Each entry's hash covers its content and the previous entry's hash;
 * `verifyAuditChain` recomputes the chain and detects any edited, deleted, inserted or reordered entry.
 *
 * Two ways in, one chain:
 *  - `recordAudit(p, trx, …)` appends in the caller's transaction, so a change and its entry commit or fail
 *    together (mutations, sign-ins). It takes the chain head (`audit_head`: row lock on PostgreSQL; SQLite has one
 *    writer) until that transaction ends.
 *  - `auditRead(p, trx, …)` records a read of personal data. In a request transaction opened by
 *    `auditedTransaction` (http.ts `inTx`) the entry is held until that transaction has ended, then handed to the
 *    process's group-commit appender, which writes the entries of all concurrent requests in one transaction (one
 *    head lock, one insert, one head update, one commit) and resolves them together; `auditedTransaction` returns
 *    only after the batch committed, so no answer leaves before its entry is durable, and if the batch fails the
 *    request fails (500) without its data. A read that throws after `auditRead` drops its entry with the rest of
 *    its transaction (nothing is sent). Where no such request transaction is known, or the transaction already
 *    appended (it holds the head), `auditRead` appends in place like `recordAudit`.
 */
import crypto from 'node:crypto';
import type { Actor, Platform } from './context';
import type { Db, Tx } from './db/database';
import type { AuditLogTable } from './db/schema';
import { newId, nowIso } from './ids';

export type AuditEvent = {
  action: string;
  entityType?: string;
  entityId?: string;
  details?: Record<string, unknown>;
};

/** What an entry's hash covers: everything but the hashes themselves. */
type Hashable = Omit<AuditLogTable, 'prev_hash' | 'hash'>;

export const GENESIS_HASH = '0'.repeat(64);

export function entryHash(prevHash: string, e: Hashable): string {
  const canonical = JSON.stringify([
    e.seq, e.id, e.at, e.actor_user_id, e.actor_org_id, e.action, e.entity_type, e.entity_id, e.ip, e.details,
  ]);
  return crypto.createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/** Who an entry is for: a signed-in actor, or just the address (null user for anonymous, e.g. a failed login). */
export type AuditActor = { userId: string | null; organisationId: string | null; ip: string | null } | Actor | null;

/** An entry before it has a place in the chain: everything but its sequence number and hashes. */
type Unchained = Omit<Hashable, 'seq'>;

function unchained(actor: AuditActor, ev: AuditEvent, at: string): Unchained {
  // Actions of the system itself (seeding, migrations) have no acting user.
  const person = actor && !('system' in actor && actor.system) ? actor : null;
  return {
    id: newId(),
    at,
    actor_user_id: person?.userId ?? null,
    actor_org_id: person?.organisationId ?? null,
    action: ev.action,
    entity_type: ev.entityType ?? null,
    entity_id: ev.entityId ?? null,
    ip: actor?.ip ?? null,
    details: JSON.stringify(ev.details ?? {}),
  };
}

/** Chains entries onto the head in `trx`: head lock, one insert, one head update. */
async function appendChained(p: Pick<Platform, 'dialect'>, trx: Tx, entries: Unchained[]): Promise<void> {
  if (entries.length === 0) return;
  // Serialise writers on the chain head: row lock on PostgreSQL; SQLite transactions are already serial.
  const headQuery = trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
  const head = await (p.dialect === 'postgres' ? headQuery.forUpdate() : headQuery).executeTakeFirstOrThrow();
  let seq = Number(head.seq);
  let prev = head.hash;
  const rows = entries.map((e) => {
    seq += 1;
    const row: Hashable = { seq, ...e };
    const hash = entryHash(prev, row);
    const full = { ...row, prev_hash: prev, hash };
    prev = hash;
    return full;
  });
  // Bound the statement's parameters (10 per row) well under SQLite's and PostgreSQL's limits.
  for (let i = 0; i < rows.length; i += APPEND_CHUNK) await trx.insertInto('audit_log').values(rows.slice(i, i + APPEND_CHUNK)).execute();
  await trx.updateTable('audit_head').set({ seq, hash: prev }).where('id', '=', 1).execute();
}

const APPEND_CHUNK = 500;

/** Request transactions opened by `auditedTransaction`: the reads they audited, and whether they hold the head. */
type TxAudit = { reads: Unchained[]; holdsHead: boolean };
const requestTx = new WeakMap<Tx, TxAudit>();

/** Appends entries for one actor (null for anonymous, e.g. a failed login) in the caller's transaction. */
export async function recordAudit(p: Pick<Platform, 'dialect'>, trx: Tx, actor: AuditActor, events: AuditEvent | AuditEvent[]): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  const at = nowIso();
  await appendChained(p, trx, list.map((ev) => unchained(actor, ev, at)));
  const state = requestTx.get(trx);
  if (state) state.holdsHead = true;
}

/**
 * Takes the chain head now, as `recordAudit` would, for a writer that must be ordered with every audited
 * change (statistics.facts): the head is held until the transaction ends (row lock on PostgreSQL; SQLite has
 * one writer already).
 */
export async function holdAuditHead(p: Pick<Platform, 'dialect'>, trx: Tx): Promise<void> {
  if (p.dialect === 'postgres') await trx.selectFrom('audit_head').select('seq').where('id', '=', 1).forUpdate().execute();
  const state = requestTx.get(trx);
  if (state) state.holdsHead = true;
}

/**
 * Records a read of personal data (see the file comment): queued for the group commit after the request
 * transaction, or appended in place when that is not possible or costs nothing more.
 */
export async function auditRead(p: Pick<Platform, 'dialect'>, trx: Tx, actor: AuditActor, events: AuditEvent | AuditEvent[]): Promise<void> {
  const state = requestTx.get(trx);
  if (!state || state.holdsHead) return recordAudit(p, trx, actor, events);
  const list = Array.isArray(events) ? events : [events];
  const at = nowIso();
  // Serialised now, so that a bad entry fails its own request, never the batch it would have joined.
  for (const ev of list) state.reads.push(unchained(actor, ev, at));
}

type Waiting = { entries: Unchained[]; resolve: () => void; reject: (err: unknown) => void };

/**
 * Group commit: entries handed in while a batch is being written wait for the next one; each batch is one
 * transaction (head lock, insert, head update, commit) and settles all its callers together. One per database
 * handle (process); across processes the head lock orders the batches (PostgreSQL), or SQLite's single writer.
 */
export class AuditAppender {
  private queue: Waiting[] = [];
  private running = false;
  /** Batches written and entries in them (for tests and the benchmark's notes). */
  readonly stats = { batches: 0, entries: 0, largest: 0 };

  constructor(
    private readonly p: Pick<Platform, 'db' | 'dialect'>,
    readonly maxBatch = 1000,
  ) {}

  append(entries: Unchained[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entries, resolve, reject });
      if (!this.running) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      // Let the requests finishing in this turn of the event loop join the first batch too.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.queue.length > 0) {
        const batch: Waiting[] = [];
        let size = 0;
        while (this.queue.length > 0 && (batch.length === 0 || size + this.queue[0]!.entries.length <= this.maxBatch)) {
          const w = this.queue.shift()!;
          batch.push(w);
          size += w.entries.length;
        }
        try {
          await this.p.db.transaction().execute((trx) => appendChained(this.p, trx, batch.flatMap((w) => w.entries)));
          this.stats.batches += 1;
          this.stats.entries += size;
          this.stats.largest = Math.max(this.stats.largest, size);
          for (const w of batch) w.resolve();
        } catch (err) {
          // Fail closed: none of these requests may answer with the data they read.
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }
}

const appenders = new WeakMap<Db, AuditAppender>();

/** The process's appender for this database. */
export function auditAppender(p: Pick<Platform, 'db' | 'dialect'>): AuditAppender {
  let a = appenders.get(p.db);
  if (!a) {
    a = new AuditAppender(p);
    appenders.set(p.db, a);
  }
  return a;
}

/** Appends entries through the group commit, in their own transaction (e.g. denied accesses, after a rollback). */
export function appendAudit(p: Pick<Platform, 'db' | 'dialect'>, actor: AuditActor, events: AuditEvent[]): Promise<void> {
  const at = nowIso();
  return auditAppender(p).append(events.map((ev) => unchained(actor, ev, at)));
}

/**
 * A request's transaction: `fn`'s writes, and the audit entries of its mutations, commit or roll back together;
 * the entries of its reads (`auditRead`) are then written by the group commit, and this resolves only once they
 * are durable. If `fn` throws, its reads' entries are dropped with the transaction (its data is not sent).
 */
export async function auditedTransaction<T>(p: Pick<Platform, 'db' | 'dialect'>, fn: (trx: Tx) => Promise<T>): Promise<T> {
  const state: TxAudit = { reads: [], holdsHead: false };
  const result = await p.db.transaction().execute(async (trx) => {
    requestTx.set(trx, state);
    const value = await fn(trx);
    // A transaction that appended holds the head until it commits: its reads' entries join it at no extra cost.
    if (state.holdsHead && state.reads.length > 0) await appendChained(p, trx, state.reads.splice(0));
    requestTx.delete(trx);
    return value;
  });
  if (state.reads.length > 0) await auditAppender(p).append(state.reads);
  return result;
}

export type VerifyResult = { ok: boolean; checked: number; firstBadSeq: number | null; reason: string | null };

/** Walks the whole chain in order; stops at the first inconsistency. */
export async function verifyAuditChain(db: Db, batch = 5000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(batch).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return { ok: false, checked, firstBadSeq: expectedSeq, reason: 'missing_entry' };
      if (r.prev_hash !== prev) return { ok: false, checked, firstBadSeq: seq, reason: 'broken_link' };
      if (entryHash(prev, { ...r, seq }) !== r.hash) return { ok: false, checked, firstBadSeq: seq, reason: 'content_changed' };
      prev = r.hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (!head || Number(head.seq) !== checked || head.hash !== prev) {
    return { ok: false, checked, firstBadSeq: checked + 1, reason: 'tail_removed' };
  }
  return { ok: true, checked, firstBadSeq: null, reason: null };
}
