import { z } from 'zod';
import { ZId, ZInstant } from './common';

export const ZAuditQuery = z.object({
  action: z.string().max(100).optional(),
  actorUserId: ZId.optional(),
  organisationId: ZId.optional(),
  entityId: ZId.optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  cursor: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZAuditEntry = z.object({
  seq: z.number().int(),
  at: ZInstant,
  action: z.string(),
  actor: z.string().nullable(),
  actorUserId: ZId.nullable(),
  organisation: z.string().nullable(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export const ZAuditList = z.object({ items: z.array(ZAuditEntry), nextCursor: z.number().int().nullable() });
export const ZAuditVerify = z.object({ ok: z.boolean(), checked: z.number().int(), firstBadSeq: z.number().int().nullable(), reason: z.string().nullable() });
