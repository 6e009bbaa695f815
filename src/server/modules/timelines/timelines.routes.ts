import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId, ZOk } from '../../../contract/common';
import { ZNotificationList, ZTask, ZTaskList, ZTaskQuery, ZTaskUpdate, type TTask } from '../../../contract/identification';
import type { Platform } from '../../platform/context';
import { actorOf, inTx, noStore } from '../../platform/http';
import { listNotifications, markAllRead } from './notifications';
import { timelinesService as service } from './timelines.service';

export function timelinesRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['deadlines'];

  r.get('/api/v1/tasks', { schema: { tags, querystring: ZTaskQuery, response: { 200: ZTaskList } } }, async (req, reply) =>
    noStore(reply).send({ items: await service.list(p, p.db, actorOf(req), req.query) }),
  );
  r.patch('/api/v1/tasks/:id', { schema: { tags, params: z.object({ id: ZId }), body: ZTaskUpdate, response: { 200: ZTask } } }, async (req): Promise<TTask> =>
    inTx(p, (trx) => service.update(p, trx, actorOf(req), req.params.id, req.body)),
  );

  r.get('/api/v1/notifications', { schema: { tags, response: { 200: ZNotificationList } } }, async (req, reply) => {
    const actor = actorOf(req);
    const rows = await listNotifications(p.db, actor.organisationId, actor.userId);
    return noStore(reply).send({
      items: rows.map((n) => ({
        id: n.id,
        kind: n.kind as 'task_reminder',
        caseId: n.case_id,
        caseReference: n.reference ?? null,
        taskId: n.task_id,
        createdAt: n.created_at,
        readAt: n.read_at,
      })),
      unread: rows.filter((n) => !n.read_at).length,
    });
  });
  r.post('/api/v1/notifications/read', { schema: { tags, response: { 200: ZOk } } }, async (req) => {
    const actor = actorOf(req);
    await inTx(p, (trx) => markAllRead(trx, actor.organisationId, actor.userId));
    return { ok: true as const };
  });
}
