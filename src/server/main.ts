/**
 * The `opennrm` command line: serve, migrate, seed, statistics rebuild, audit verify, keys rotate/generate, backup, restore,
 * user create. Configuration comes from environment variables (see README.md).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Command, Option } from 'commander';
import { ZUserCreate } from '../contract/users';
import { ORGANISATION_TYPES, ROLES, type TRole } from '../contract/common';
import { ZOrganisationCreate } from '../contract/organisations';
import { organisationsService } from './modules/organisations/organisations.service';
import { loadConfig, ConfigError, type Config } from './platform/config';
import { boot, StartupError, type Booted } from './platform/bootstrap';
import { verifyAuditChain } from './platform/audit';
import { addKeyToKeyringFile, generateKeyringFile, KeyringError } from './platform/crypto/keyring';
import { reencryptAll } from './platform/keys';
import { buildApp } from './app';
import { startScheduler } from './platform/jobs';
import { sendPendingEmails } from './platform/mail';
import { resumeReportJobs } from './modules/statistics/statistics.report';
import { resumeExportJobs } from './modules/statistics/statistics.exports';
import { rebuildFacts } from './modules/statistics/statistics.facts';
import { timelinesService } from './modules/timelines/timelines.service';
import { referralsService } from './modules/referrals/referrals.service';
import { plansService } from './modules/actionplan/actionplan.plans';
import { DEMO_PASSWORD, DEMO_USERS, isSeeded, seedCases, seedDemo, seedDemoConfiguration } from './seed/seed';
import { usersService } from './modules/users/users.service';
import { executeGrantedErasures, retentionService } from './modules/retention/retention.service';

const program = new Command().name('opennrm').description('OpenNRM — National Referral Mechanism platform');

async function withPlatform<T>(fn: (p: Booted, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const p = await boot(config);
  try {
    return await fn(p, config);
  } finally {
    await p.close();
  }
}

function progressBar(label: string) {
  let lastPrint = 0;
  return (done: number, total: number) => {
    const now = Date.now();
    if (now - lastPrint < 500 && done < total) return;
    lastPrint = now;
    process.stdout.write(`\r${label}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${Math.round((100 * done) / total)}%)${done >= total ? '\n' : ''}`);
  };
}

/** What `serve` closes when told to stop, in this order. */
const STOP_ORDER = ['http', 'jobs', 'database'] as const;
const STOP_LABEL: Record<(typeof STOP_ORDER)[number], string> = { http: 'the HTTP server', jobs: 'the background jobs', database: 'the database' };
const STOP_TIMEOUT_MS = 30_000;

/**
 * SIGTERM and SIGINT (a process manager, `kill`, Ctrl-C, or `npm start` forwarding either) stop `serve` cleanly:
 * the HTTP server stops accepting and lets the requests in flight finish (Fastify's close), the background jobs
 * stop (a run in progress finishes), the database closes (SQLite checkpoints and removes its WAL file), exit 0.
 * A signal during start-up takes effect at the next step (boot, seeding and listen are not cut in the middle).
 * A repeated signal changes nothing (Ctrl-C in a terminal reaches npm and the server, and npm forwards it again);
 * a stop that takes longer than 30 s (a stuck job) exits with 1.
 */
function stopOnSignals() {
  const closers = new Map<(typeof STOP_ORDER)[number], () => Promise<void>>();
  let requested = false;
  let running = false;
  let stopping: Promise<never> | null = null;
  const stop = (): Promise<never> =>
    (stopping ??= (async () => {
      setTimeout(() => {
        console.error(`OpenNRM did not stop within ${STOP_TIMEOUT_MS / 1000} s; exiting.`);
        process.exit(1);
      }, STOP_TIMEOUT_MS).unref();
      let code = 0;
      for (const step of STOP_ORDER) {
        const close = closers.get(step);
        if (!close) continue;
        try {
          await close();
        } catch (err) {
          console.error(`Stopping ${STOP_LABEL[step]} failed:`, err);
          code = 1;
        }
      }
      console.log('OpenNRM stopped.');
      process.exit(code);
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    if (requested) return;
    requested = true;
    console.log(`\n${signal}: stopping OpenNRM (requests in flight finish, jobs stop, the database closes)...`);
    if (running) void stop();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    closeOnStop(step: (typeof STOP_ORDER)[number], close: () => Promise<void>) {
      closers.set(step, close);
    },
    /** Between start-up steps: stops now if a signal came during the previous one. */
    async checkpoint() {
      if (requested) await stop();
    },
    /** Start-up is over: a signal stops at once. */
    started() {
      running = true;
      if (requested) void stop();
    },
  };
}

program
  .command('serve')
  .description('migrate, seed demo data on first run (not in production), and serve the API and web app')
  .action(async () => {
    const config = loadConfig();
    const shutdown = stopOnSignals();
    const p = await boot(config);
    shutdown.closeOnStop('database', () => p.close());
    await shutdown.checkpoint();
    if (config.mode !== 'production' && !(await isSeeded(p))) {
      console.log(`First start: creating demo data (${config.seedCases} synthetic cases)...`);
      await seedDemo(p, config.seedCases, progressBar('  cases'));
      await shutdown.checkpoint();
    }
    const app = await buildApp(p, { logger: { level: config.logLevel } });
    shutdown.closeOnStop('http', () => app.close());
    await app.listen({ port: config.port, host: config.host });
    // Deadlines: reminders and escalations every minute (pg-boss on PostgreSQL, a timer on SQLite).
    const jobs = await startScheduler(p);
    shutdown.closeOnStop('jobs', () => jobs.stop());
    await jobs.everyMinute('timelines.sweep', async () => {
      await timelinesService.sweep(p);
    });
    // Referrals nobody answered in time go back to their sender.
    await jobs.everyMinute('referrals.expire', async () => {
      await referralsService.expireDue(p);
    });
    // Action-plan progress reports that are due become tasks of the lead organisation (with a reminder).
    await jobs.everyMinute('actionplan.deadlines', async () => {
      await plansService.ensureDeadlines(p);
    });
    // Notification e-mails, when SMTP is configured (OPENNRM_SMTP_URL).
    if (config.mail) {
      await jobs.everyMinute('mail.send', async () => {
        await sendPendingEmails(p);
      });
    }
    // Annual reports and exports left queued or interrupted by a stop are generated (again); old export files erased.
    await jobs.everyMinute('statistics.reports', async () => {
      await resumeReportJobs(p);
      await resumeExportJobs(p);
    });
    // Erasures granted to the persons who asked, within a minute; the retention schedule once a day (modules/retention).
    await jobs.everyMinute('retention.run', async () => {
      await executeGrantedErasures(p);
      await retentionService.runIfScheduled(p);
    });
    void jobs.runNow('statistics.reports').catch((err: unknown) => app.log.error({ err }, 'annual report jobs failed'));
    // Catch up at once with what fell due while the server was stopped.
    void jobs.runNow('timelines.sweep').catch((err: unknown) => app.log.error({ err }, 'deadline sweep failed'));
    void jobs.runNow('referrals.expire').catch((err: unknown) => app.log.error({ err }, 'referral expiry failed'));
    void jobs.runNow('actionplan.deadlines').catch((err: unknown) => app.log.error({ err }, 'action-plan deadlines failed'));
    const url = `http://localhost:${config.port}`;
    console.log(`\nOpenNRM is running on ${url}  (database: ${p.dialect}, mode: ${config.mode})`);
    console.log(`API documentation: ${url}/api/docs`);
    if (config.mode !== 'production' && (await isSeeded(p))) {
      console.log(`\nDemo accounts (password for all: ${DEMO_PASSWORD}; demo accounts may skip the second factor):`);
      for (const u of DEMO_USERS) console.log(`  ${u.email.padEnd(38)} ${u.roles.join(', ')}`);
    }
    shutdown.started();
  });

program
  .command('migrate')
  .description('apply database migrations')
  .action(() => withPlatform(async (p) => console.log(`Database (${p.dialect}) is up to date.`)));

program
  .command('seed')
  .description('create the demo configuration (once) and add synthetic cases')
  .option('--cases <n>', 'number of synthetic cases to add', (v) => Number.parseInt(v, 10), 300)
  .option('--seed <n>', 'random seed', (v) => Number.parseInt(v, 10), 2026)
  .action((opts: { cases: number; seed: number }) =>
    withPlatform(async (p, config) => {
      if (config.mode === 'production') throw new StartupError('seed refuses to run in production mode');
      await seedDemoConfiguration(p);
      const started = Date.now();
      await seedCases(p, { count: opts.cases, seed: opts.seed, onProgress: progressBar('cases') });
      const seconds = (Date.now() - started) / 1000;
      console.log(`Added ${opts.cases.toLocaleString('en')} cases in ${seconds.toFixed(1)} s (${Math.round(opts.cases / Math.max(seconds, 0.001)).toLocaleString('en')} cases/s).`);
    }),
  );

const retention = program.command('retention').description('the retention schedule (data/config/retention.json)');
retention
  .command('run')
  .description('apply the retention schedule now: anonymise, delete or list for review what is due; prints the report')
  .action(() =>
    withPlatform(async (p) => {
      const id = await retentionService.runNow(p, 'manual', null);
      const run = await p.db.selectFrom('retention_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      for (const r of JSON.parse(run.report) as { kind: string; action: string; due: number; done: number }[]) {
        console.log(`${r.kind.padEnd(24)} ${r.action.padEnd(10)} ${r.action === 'review' ? `${r.due} to review` : `${r.done} done`}`);
      }
      console.log(`Retention run ${id}: ${run.done} record(s) changed.`);
    }),
  );

const statistics = program.command('statistics').description("the commission's statistics");
statistics
  .command('rebuild')
  .description('recount every figure from the records (after data was changed outside the application)')
  .action(() =>
    withPlatform(async (p) => {
      const r = await rebuildFacts(p, progressBar('records'));
      console.log(`Statistics recounted: ${r.records.toLocaleString('en')} victim records, ${r.counts.toLocaleString('en')} figures.`);
    }),
  );

const audit = program.command('audit').description('audit log');
audit
  .command('verify')
  .description('recompute the hash chain and report the first tampered entry')
  .action(() =>
    withPlatform(async (p) => {
      const r = await verifyAuditChain(p.db);
      if (r.ok) console.log(`Audit chain intact: ${r.checked} entries verified.`);
      else {
        console.error(`Audit chain BROKEN at entry ${r.firstBadSeq} (${r.reason}); ${r.checked} entries verified before it.`);
        process.exitCode = 1;
      }
    }),
  );

const keys = program.command('keys').description('encryption keys');
keys
  .command('generate')
  .description('print a new keyring (JSON) for OPENNRM_KEYRING or OPENNRM_KEYRING_FILE')
  .action(() => console.log(JSON.stringify(generateKeyringFile(), null, 2)));
keys
  .command('rotate')
  .description('add a new data key, make it active and re-encrypt every value under it (server may keep running)')
  .action(async () => {
    const config = loadConfig();
    if (config.keyring.inline) throw new KeyringError('keys rotate needs a keyring file (OPENNRM_KEYRING_FILE), not an inline OPENNRM_KEYRING');
    if (!fs.existsSync(config.keyring.file)) throw new KeyringError(`no keyring at ${config.keyring.file}`);
    const { previous, active } = addKeyToKeyringFile(config.keyring.file);
    console.log(`New active key ${active} (previous ${previous} kept for decryption).`);
    await withPlatform(async (p) => {
      const r = await reencryptAll(p, 500, (table, n) => process.stdout.write(`\rre-encrypting ${table}: ${n}   `));
      console.log(`\nRe-encrypted ${r.reencrypted} values; ${r.remainingUnderOldKeys} remain under old keys.`);
      if (r.remainingUnderOldKeys > 0) process.exitCode = 1;
    });
  });

program
  .command('backup')
  .description('write a consistent backup of the database (SQLite: VACUUM INTO; PostgreSQL: pg_dump)')
  .option('--out <file>', 'backup file')
  .action((opts: { out?: string }) =>
    withPlatform(async (p, config) => {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const out = path.resolve(opts.out ?? path.join(config.dataDir, 'backups', `opennrm-${stamp}.${p.dialect === 'sqlite' ? 'db' : 'dump'}`));
      fs.mkdirSync(path.dirname(out), { recursive: true });
      if (config.database.kind === 'sqlite') {
        const { sql } = await import('kysely');
        await sql`VACUUM INTO ${out}`.execute(p.db);
      } else {
        const r = spawnSync('pg_dump', ['--format=custom', `--file=${out}`, config.database.url], { stdio: 'inherit' });
        if (r.status !== 0) throw new Error('pg_dump failed (is the PostgreSQL client installed?)');
      }
      fs.chmodSync(out, 0o600);
      console.log(`Backup written to ${out}. It is encrypted field by field: keep the keyring (${config.keyring.file}) backed up separately.`);
    }),
  );

program
  .command('restore <file>')
  .description('restore a backup made by `opennrm backup` (stop the server first); the audit chain is verified')
  .action(async (file: string) => {
    const config = loadConfig();
    const src = path.resolve(file);
    if (!fs.existsSync(src)) throw new Error(`no such backup: ${src}`);
    if (config.database.kind === 'sqlite') {
      const target = config.database.file;
      for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
      fs.copyFileSync(src, `${target}.restoring`);
      fs.renameSync(`${target}.restoring`, target);
    } else {
      const r = spawnSync('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${config.database.url}`, src], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error('pg_restore failed');
    }
    await withPlatform(async (p) => {
      const v = await verifyAuditChain(p.db);
      console.log(`Restored from ${src}. Audit chain ${v.ok ? `intact (${v.checked} entries)` : `BROKEN at ${v.firstBadSeq}`}.`);
      if (!v.ok) process.exitCode = 1;
    });
  });

program
  .command('organisation')
  .description('organisations')
  .command('create')
  .description('create an organisation (e.g. the commission secretariat of a new installation)')
  .requiredOption('--name <name>')
  .addOption(new Option('--type <type>').choices([...ORGANISATION_TYPES]).makeOptionMandatory())
  .option('--region <code>', 'region code, MA-01 … MA-12')
  .action((opts: { name: string; type: string; region?: string }) =>
    withPlatform(async (p) => {
      const input = ZOrganisationCreate.parse({ name: opts.name, type: opts.type, regionCode: opts.region ?? null });
      const system = { userId: 'system', organisationId: '', displayName: 'opennrm CLI', roles: new Set<TRole>(['system_admin']), language: 'fr' as const, ip: null, system: true };
      const org = await p.db.transaction().execute((trx) => organisationsService.create(p, trx, system, input));
      console.log(`Created organisation ${org.name} (${org.type}): ${org.id}`);
    }),
  );

const user = program.command('user').description('user accounts');
user
  .command('create')
  .description('create a user (e.g. the first system administrator of a production installation)')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .requiredOption('--organisation <id-or-exact-name>')
  .addOption(new Option('--roles <roles>', `comma-separated: ${ROLES.join(', ')}`).makeOptionMandatory())
  .option('--password <password>', 'temporary password (default: a random one, printed once)')
  .action((opts: { email: string; name: string; organisation: string; roles: string; password?: string }) =>
    withPlatform(async (p) => {
      const org = await p.db
        .selectFrom('organisations')
        .select(['id', 'name'])
        .where((eb) => eb.or([eb('id', '=', opts.organisation), eb('name', '=', opts.organisation)]))
        .executeTakeFirst();
      if (!org) throw new Error(`no organisation with id or name "${opts.organisation}"`);
      const password = opts.password ?? `${crypto.randomBytes(12).toString('base64url')}-Aa1`;
      const input = ZUserCreate.parse({ email: opts.email, displayName: opts.name, organisationId: org.id, roles: opts.roles.split(',').map((r) => r.trim()) as TRole[], password });
      const system = { userId: 'system', organisationId: org.id, displayName: 'opennrm CLI', roles: new Set<TRole>(), language: 'fr' as const, ip: null, system: true };
      const created = await p.db.transaction().execute((trx) => usersService.create(p, trx, system, input));
      console.log(`Created ${created.email} (${created.roles.join(', ')}) in ${org.name}.`);
      if (!opts.password) console.log(`Temporary password (shown once, to be changed at first sign-in): ${password}`);
    }),
  );

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof StartupError || err instanceof KeyringError) console.error(err.message);
  else if (err instanceof Error && err.name === 'ZodError') console.error(`Invalid input: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
