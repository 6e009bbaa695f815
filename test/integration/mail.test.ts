/**
 * Notification e-mails through a real SMTP peer (smtp-server on a random port), on SQLite and PostgreSQL:
 * without SMTP nothing is queued; with it, a notification queues one message per recipient in their
 * language; two sending runs at once deliver each message once; the message carries no case reference,
 * name or pseudonym; failures are retried and then given up.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, caseBody, createTestEnv, createUser, userClient, type TestEnv } from '../support/harness';
import { timelinesService } from '../../src/server/modules/timelines/timelines.service';
import { MAX_ATTEMPTS, sendPendingEmails } from '../../src/server/platform/mail';
import { startScheduler } from '../../src/server/platform/jobs';
import { loadConfig } from '../../src/server/platform/config';

type Delivered = { to: string[]; raw: string; subject: string; body: string };

function decodeWords(v: string): string {
  return v.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : decodeQp(data.replace(/_/g, ' ')),
  );
}
function decodeQp(v: string): string {
  const bytes = v.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => `%${h}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
}
/** Just enough MIME to read a one-part text message back. */
function parse(raw: string): { subject: string; body: string } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headers)?.[1]?.trim() ?? '';
  const content = rest.join('\n\n');
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const body = encoding === 'base64' ? Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8') : encoding === 'quoted-printable' ? decodeQp(content) : content;
  return { subject: decodeWords(header('Subject')), body };
}

async function startSmtp(): Promise<{ server: SMTPServer; port: number; delivered: Delivered[] }> {
  const delivered: Delivered[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        delivered.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, ...parse(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.server.address() as AddressInfo).port, delivered };
}

/** A reminder for organisation A (its case has no assigned worker): an organisation-wide notification. */
async function remindOrganisation(env: TestEnv, worker: Awaited<ReturnType<typeof userClient>>) {
  const c = (await worker.post('/api/v1/cases', caseBody({ person: { givenNames: 'Nadia-Mailmarker', familyName: 'Alaoui-Mailmarker' } }))).json();
  await env.p.db.updateTable('tasks').set({ remind_at: new Date(Date.now() - 60_000).toISOString() }).where('case_id', '=', c.id).execute();
  await timelinesService.sweep(env.p);
  return c as { id: string; reference: string; person: { pseudonym: string } };
}

describe('e-mail configuration', () => {
  it('needs a sender with SMTP, a public address in production, and says what is wrong', () => {
    expect(loadConfig({}).mail).toBeNull();
    expect(() => loadConfig({ OPENNRM_SMTP_URL: 'smtp://mail.example.ma:25' })).toThrow(/OPENNRM_MAIL_FROM/);
    expect(() => loadConfig({ OPENNRM_SMTP_URL: 'mail.example.ma', OPENNRM_MAIL_FROM: 'x@example.ma' })).toThrow(/OPENNRM_SMTP_URL/);
    expect(() => loadConfig({ OPENNRM_MODE: 'production', OPENNRM_KEYRING_FILE: '/k.json', OPENNRM_SMTP_URL: 'smtps://mail.example.ma:465', OPENNRM_MAIL_FROM: 'x@example.ma' })).toThrow(/OPENNRM_PUBLIC_URL/);
    expect(loadConfig({ PORT: '9000', OPENNRM_SMTP_URL: 'smtp://mail.example.ma:25', OPENNRM_MAIL_FROM: 'x@example.ma' }).mail).toEqual({ smtpUrl: 'smtp://mail.example.ma:25', from: 'x@example.ma', publicUrl: 'http://localhost:9000' });
  });
});

for (const dialect of DIALECTS) {
  describe(`notification e-mails [${dialect}]`, () => {
    it('queues nothing when SMTP is not configured', async () => {
      const env = await createTestEnv(dialect);
      try {
        const worker = await userClient(env, env.orgs.a, ['case_worker']);
        await remindOrganisation(env, worker);
        expect((await env.p.db.selectFrom('notifications').select('id').where('kind', '=', 'task_reminder').execute()).length).toBe(1);
        expect(await env.p.db.selectFrom('email_outbox').selectAll().execute()).toEqual([]);
        expect(await sendPendingEmails(env.p)).toEqual({ sent: 0, failed: 0 });
      } finally {
        await env.close();
      }
    });

    describe('with SMTP', () => {
      let env: TestEnv;
      let smtp: Awaited<ReturnType<typeof startSmtp>>;
      beforeAll(async () => {
        smtp = await startSmtp();
        env = await createTestEnv(dialect, {
          OPENNRM_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
          OPENNRM_MAIL_FROM: 'OpenNRM <no-reply@opennrm.test>',
          OPENNRM_PUBLIC_URL: 'https://nrm.example.ma/',
        });
      });
      afterAll(async () => {
        await env.close();
        await new Promise<void>((resolve) => smtp.server.close(resolve));
      });

      it('sends one message per recipient, in their language, once even with two runs at once, without personal data', async () => {
        const worker = await userClient(env, env.orgs.a, ['case_worker']);
        const supervisor = await createUser(env, env.orgs.a, ['case_supervisor']);
        await env.p.db.updateTable('users').set({ language: 'ar' }).where('id', '=', supervisor.id).execute();
        const admin = await createUser(env, env.orgs.a, ['org_admin']);
        const inactive = await createUser(env, env.orgs.a, ['case_worker']);
        await env.p.db.updateTable('users').set({ active: 0 }).where('id', '=', inactive.id).execute();
        await createUser(env, env.orgs.b, ['case_worker']);

        const c = await remindOrganisation(env, worker);
        // Queued in the same transaction as the notification: one per case-role user of organisation A.
        const queued = await env.p.db.selectFrom('email_outbox').select(['user_id', 'language', 'status']).execute();
        expect(queued.map((q) => q.user_id).sort()).toEqual([worker.userId, supervisor.id].sort());
        expect(queued.find((q) => q.user_id === supervisor.id)!.language).toBe('ar');
        // A second notification while the first message waits: no second message.
        await remindOrganisation(env, worker);
        expect((await env.p.db.selectFrom('email_outbox').select('id').execute()).length).toBe(2);

        const [r1, r2] = await Promise.all([sendPendingEmails(env.p, { batch: 1 }), sendPendingEmails(env.p, { batch: 1 })]);
        expect(r1.sent + r2.sent).toBe(2);
        expect(r1.failed + r2.failed).toBe(0);
        expect((await sendPendingEmails(env.p)).sent).toBe(0);

        expect(smtp.delivered).toHaveLength(2);
        expect(smtp.delivered.flatMap((d) => d.to).sort()).toEqual([worker.email, supervisor.email].sort());
        expect(smtp.delivered.flatMap((d) => d.to)).not.toContain(admin.email);
        const fr = smtp.delivered.find((d) => d.to[0] === worker.email)!;
        const ar = smtp.delivered.find((d) => d.to[0] === supervisor.email)!;
        expect(fr.subject).toBe('OpenNRM : du nouveau pour vous');
        expect(ar.subject).toBe('OpenNRM: لديك مستجدات');
        expect(fr.body).toContain('https://nrm.example.ma/login');
        expect(ar.body).toContain('https://nrm.example.ma/login');
        expect(ar.body).toMatch(/[\u0600-\u06FF]/);
        for (const d of smtp.delivered) {
          for (const needle of [c.reference, c.id, c.person.pseudonym, 'Mailmarker', 'Nadia', 'Alaoui', 'Association A', 'User case']) {
            expect(d.body, needle).not.toContain(needle);
            expect(d.subject, needle).not.toContain(needle);
            expect(d.raw, needle).not.toContain(needle);
          }
        }
        const rows = await env.p.db.selectFrom('email_outbox').select(['status', 'attempts', 'sent_at']).execute();
        expect(rows.every((r) => r.status === 'sent' && Number(r.attempts) === 1 && r.sent_at)).toBe(true);
        const audit = await env.p.db.selectFrom('audit_log').select('details').where('action', '=', 'mail.sent').execute();
        expect(audit.reduce((n, a) => n + (JSON.parse(a.details) as { sent: number }).sent, 0)).toBe(2);
      });

      it('retries a failed delivery later, then gives up after the last attempt', async () => {
        const worker = await userClient(env, env.orgs.c, ['case_worker']);
        await env.p.db.transaction().execute((trx) => trx.updateTable('email_outbox').set({ status: 'sent' }).where('status', '!=', 'sent').execute());
        await remindOrganisation(env, worker);
        const id = (await env.p.db.selectFrom('email_outbox').select('id').where('user_id', '=', worker.userId).executeTakeFirstOrThrow()).id;
        // The SMTP peer refuses the recipient.
        const refuse = new SMTPServer({ authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false, onRcptTo: (_a, _s, cb) => cb(new Error('mailbox unavailable')) });
        await new Promise<void>((resolve) => refuse.listen(0, '127.0.0.1', resolve));
        const port = (refuse.server.address() as AddressInfo).port;
        const p = { ...env.p, config: { ...env.p.config, mail: { ...env.p.config.mail!, smtpUrl: `smtp://127.0.0.1:${port}` } } };
        try {
          expect(await sendPendingEmails(p)).toEqual({ sent: 0, failed: 1 });
          let row = await env.p.db.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
          expect(row).toMatchObject({ status: 'pending', attempts: 1 });
          expect(row.last_error).toContain('mailbox unavailable');
          expect(row.next_attempt_at > new Date().toISOString()).toBe(true);
          // Not yet due again.
          expect(await sendPendingEmails(p)).toEqual({ sent: 0, failed: 0 });
          for (let i = 2; i <= MAX_ATTEMPTS; i++) {
            const later = new Date(Date.now() + i * i * 3_600_000).toISOString();
            expect((await sendPendingEmails(p, { now: later })).failed).toBe(1);
          }
          row = await env.p.db.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
          expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
          expect(await sendPendingEmails(p, { now: new Date(Date.now() + 1000 * 3_600_000).toISOString() })).toEqual({ sent: 0, failed: 0 });
        } finally {
          await new Promise<void>((resolve) => refuse.close(resolve));
        }
      });

      it('runs as a scheduled job (pg-boss on PostgreSQL, in-process on SQLite)', async () => {
        const worker = await userClient(env, env.orgs.b, ['case_worker']);
        const before = smtp.delivered.length;
        await remindOrganisation(env, worker);
        const jobs = await startScheduler(env.p, { pgbossSchema: `pgboss_${Math.random().toString(36).slice(2, 10)}` });
        try {
          await jobs.everyMinute('mail.send', async () => {
            await sendPendingEmails(env.p);
          });
          await jobs.runNow('mail.send');
        } finally {
          await jobs.stop();
        }
        // Organisation B has two case workers (one created in the first test).
        expect(smtp.delivered.length).toBe(before + 2);
        expect(smtp.delivered.slice(before).flatMap((d) => d.to)).toContain(worker.email);
      });
    });
  });
}
