import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../contract/common';
import { ZAssignableUsers, ZPasswordReset, ZUser, ZUserCreate, ZUserList, ZUserListQuery, ZUserUpdate } from '../../../contract/users';
import type { Platform } from '../../platform/context';
import { actorOf, inTx } from '../../platform/http';
import { usersService as service } from './users.service';

export function usersRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];
  const params = z.object({ id: ZId });

  r.get('/api/v1/users', { schema: { tags, querystring: ZUserListQuery, response: { 200: ZUserList } } }, async (req) => ({
    items: await service.list(p.db, actorOf(req), req.query.organisationId),
  }));

  r.get('/api/v1/users/assignable', { schema: { tags, response: { 200: ZAssignableUsers } } }, async (req) => ({
    items: await service.assignable(p.db, actorOf(req)),
  }));

  r.post('/api/v1/users', { schema: { tags, body: ZUserCreate, response: { 201: ZUser } } }, async (req, reply) => {
    const user = await inTx(p, (trx) => service.create(p, trx, actorOf(req), req.body));
    return reply.status(201).send(user);
  });

  r.patch('/api/v1/users/:id', { schema: { tags, params, body: ZUserUpdate, response: { 200: ZUser } } }, async (req) =>
    inTx(p, (trx) => service.update(p, trx, actorOf(req), req.params.id, req.body)),
  );

  r.post('/api/v1/users/:id/password-reset', { schema: { tags, params, body: ZPasswordReset, response: { 200: ZUser } } }, async (req) =>
    inTx(p, (trx) => service.resetPassword(p, trx, actorOf(req), req.params.id, req.body)),
  );
}
