import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../contract/common';
import {
  ZAction,
  ZActionCreate,
  ZActionUpdate,
  ZAssessment,
  ZAssessmentCreate,
  ZCarePlan,
  ZConference,
  ZConferenceCreate,
  ZConferenceList,
  ZDecisionToAction,
  ZDecisionToTask,
  ZDurableSolutionUpdate,
  ZDurableStepCreate,
  ZDurableStepUpdate,
  ZGoal,
  ZGoalCreate,
  ZGoalUpdate,
} from '../../../contract/careplans';
import type { Platform } from '../../platform/context';
import { actorOf, inTx, noStore } from '../../platform/http';
import { carePlansService as service } from './careplans.service';

export function carePlansRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['care plans'];
  const params = z.object({ id: ZId });
  const base = '/api/v1/cases/:id/care-plan';

  r.get(base, { schema: { tags, params, response: { 200: ZCarePlan } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.plan(p, trx, actorOf(req), req.params.id))),
  );
  r.put(`${base}/durable-solution`, { schema: { tags, params, body: ZDurableSolutionUpdate, response: { 200: ZCarePlan } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.updateDurableSolution(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.post(`${base}/durable-solution/steps`, { schema: { tags, params, body: ZDurableStepCreate, response: { 201: ZCarePlan } } }, async (req, reply) =>
    noStore(reply).status(201).send(await inTx(p, (trx) => service.createDurableStep(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.patch(`${base}/durable-solution/steps/:stepId`, { schema: { tags, params: params.extend({ stepId: ZId }), body: ZDurableStepUpdate, response: { 200: ZCarePlan } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.updateDurableStep(p, trx, actorOf(req), req.params.id, req.params.stepId, req.body))),
  );
  r.post(`${base}/assessments`, { schema: { tags, params, body: ZAssessmentCreate, response: { 201: ZAssessment } } }, async (req, reply) =>
    noStore(reply).status(201).send(await inTx(p, (trx) => service.createAssessment(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.post(`${base}/goals`, { schema: { tags, params, body: ZGoalCreate, response: { 201: ZGoal } } }, async (req, reply) =>
    noStore(reply).status(201).send(await inTx(p, (trx) => service.createGoal(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.patch(`${base}/goals/:goalId`, { schema: { tags, params: params.extend({ goalId: ZId }), body: ZGoalUpdate, response: { 200: ZGoal } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.updateGoal(p, trx, actorOf(req), req.params.id, req.params.goalId, req.body))),
  );
  r.post(`${base}/actions`, { schema: { tags, params, body: ZActionCreate, response: { 201: ZAction } } }, async (req, reply) =>
    noStore(reply).status(201).send(await inTx(p, (trx) => service.createAction(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.patch(`${base}/actions/:actionId`, { schema: { tags, params: params.extend({ actionId: ZId }), body: ZActionUpdate, response: { 200: ZAction } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.updateAction(p, trx, actorOf(req), req.params.id, req.params.actionId, req.body))),
  );

  const conferences = '/api/v1/cases/:id/conferences';
  const decision = params.extend({ conferenceId: ZId, decisionId: ZId });
  r.get(conferences, { schema: { tags, params, response: { 200: ZConferenceList } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.conferences(p, trx, actorOf(req), req.params.id))),
  );
  r.post(conferences, { schema: { tags, params, body: ZConferenceCreate, response: { 201: ZConference } } }, async (req, reply) =>
    noStore(reply).status(201).send(await inTx(p, (trx) => service.createConference(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.post(`${conferences}/:conferenceId/decisions/:decisionId/action`, { schema: { tags, params: decision, body: ZDecisionToAction, response: { 201: ZAction } } }, async (req, reply) =>
    noStore(reply)
      .status(201)
      .send(await inTx(p, (trx) => service.decisionToAction(p, trx, actorOf(req), req.params.id, req.params.conferenceId, req.params.decisionId, req.body))),
  );
  r.post(`${conferences}/:conferenceId/decisions/:decisionId/task`, { schema: { tags, params: decision, body: ZDecisionToTask, response: { 200: ZConference } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.decisionToTask(p, trx, actorOf(req), req.params.id, req.params.conferenceId, req.params.decisionId, req.body))),
  );
}
