/**
 * Background jobs behind one small interface. On SQLite (one process) an in-process timer runs them; on
 * PostgreSQL pg-boss schedules them so that, with several server instances, each run happens once. Jobs
 * keep their state in the database (e.g. tasks' reminded/escalated marks), so a restart loses nothing.
 */
import PgBoss from 'pg-boss';
import { sql } from 'kysely';
import type { Platform } from './context';

export type JobHandler = () => Promise<void>;

export interface JobScheduler {
  /** Runs `handler` about every minute (cron `* * * * *` on pg-boss). */
  everyMinute(name: string, handler: JobHandler): Promise<void>;
  /** Runs a job now through the scheduler (used by tests and the CLI) and waits for it. */
  runNow(name: string): Promise<void>;
  stop(): Promise<void>;
}

class InProcessScheduler implements JobScheduler {
  private timers: NodeJS.Timeout[] = [];
  private handlers = new Map<string, JobHandler>();
  private running = new Map<string, Promise<void>>();

  async everyMinute(name: string, handler: JobHandler): Promise<void> {
    this.handlers.set(name, handler);
    const t = setInterval(() => void this.runNow(name).catch(() => undefined), 60_000);
    t.unref();
    this.timers.push(t);
  }

  /** One run at a time per job. */
  async runNow(name: string): Promise<void> {
    const handler = this.handlers.get(name);
    if (!handler) throw new Error(`no job ${name}`);
    const current = this.running.get(name);
    if (current) return current;
    const run = handler().finally(() => this.running.delete(name));
    this.running.set(name, run);
    return run;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await Promise.allSettled(this.running.values());
  }
}

class PgBossScheduler implements JobScheduler {
  private waiters = new Map<string, (() => void)[]>();
  constructor(private readonly boss: PgBoss) {}

  async everyMinute(name: string, handler: JobHandler): Promise<void> {
    await this.boss.createQueue(name);
    await this.boss.schedule(name, '* * * * *', {}, { tz: 'UTC' });
    await this.boss.work(name, { pollingIntervalSeconds: 0.5 }, async () => {
      await handler();
      const w = this.waiters.get(name) ?? [];
      this.waiters.set(name, []);
      for (const resolve of w) resolve();
    });
  }

  async runNow(name: string): Promise<void> {
    const done = new Promise<void>((resolve) => this.waiters.set(name, [...(this.waiters.get(name) ?? []), resolve]));
    await this.boss.send(name, {});
    await done;
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}

/**
 * pg-boss keeps its queues in a schema of its own. Installations that share one PostgreSQL database in separate
 * schemas (search_path, as `migrate` supports) must not share it: queue names are the same, so one installation's
 * worker would take the other's minute job and run its own sweep instead. `pgboss` for the default schema.
 */
export async function jobsSchemaOf(p: Platform): Promise<string> {
  const { rows } = await sql<{ s: string | null }>`SELECT current_schema() AS s`.execute(p.db);
  const schema = rows[0]?.s ?? 'public';
  return schema === 'public' ? 'pgboss' : `${schema.replace(/\W/g, '_')}_pgboss`.slice(-50);
}

export async function startScheduler(p: Platform, options: { pgbossSchema?: string } = {}): Promise<JobScheduler> {
  if (p.config.database.kind === 'postgres') {
    const boss = new PgBoss({ connectionString: p.config.database.url, schema: options.pgbossSchema ?? (await jobsSchemaOf(p)), max: 3 });
    boss.on('error', (err) => console.error('jobs:', err));
    await boss.start();
    return new PgBossScheduler(boss);
  }
  return new InProcessScheduler();
}
