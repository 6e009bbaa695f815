/**
 * The commission's registers. First: recommendations adopted at a commission meeting, a study day or a
 * workshop, addressed to organisations, and their follow-up over time. (The national action plan and the
 * prevention and partnership activities come next; `linkedActions` will point at plan actions.)
 */
import { z } from 'zod';
import { ZDate, ZId, ZInstant, ZRef } from './common';

export const RECOMMENDATION_SOURCES = ['commission_meeting', 'study_day', 'workshop'] as const;
export const RECOMMENDATION_STATUSES = ['adopted', 'in_progress', 'implemented', 'partially_implemented', 'not_implemented', 'withdrawn'] as const;
export const ZRecommendationStatus = z.enum(RECOMMENDATION_STATUSES);

export const ZRecommendationCreate = z
  .object({
    sourceType: z.enum(RECOMMENDATION_SOURCES),
    sourceEvent: z.string().trim().min(3).max(300),
    adoptedOn: ZDate,
    textFr: z.string().trim().min(10).max(5000),
    textAr: z.string().trim().min(10).max(5000),
    addressedTo: z.array(ZId).min(1).max(50),
  })
  .strict();

export const ZRecommendationUpdate = z
  .object({
    version: z.number().int().min(1),
    status: ZRecommendationStatus.optional(),
    /** Why the status changed (kept in the follow-up history). */
    note: z.string().trim().max(2000).optional(),
    textFr: z.string().trim().min(10).max(5000).optional(),
    textAr: z.string().trim().min(10).max(5000).optional(),
    addressedTo: z.array(ZId).min(1).max(50).optional(),
  })
  .strict();

export const ZRecommendation = z.object({
  id: ZId,
  reference: z.string(),
  sourceType: z.enum(RECOMMENDATION_SOURCES),
  sourceEvent: z.string(),
  adoptedOn: z.string(),
  textFr: z.string(),
  textAr: z.string(),
  addressedTo: z.array(ZRef),
  linkedActions: z.array(ZId),
  status: ZRecommendationStatus,
  version: z.number().int(),
  followUps: z.array(z.object({ fromStatus: ZRecommendationStatus.nullable(), toStatus: ZRecommendationStatus, note: z.string().nullable(), by: z.string(), at: ZInstant })),
  canEdit: z.boolean(),
  updatedAt: ZInstant,
});
export type TRecommendation = z.infer<typeof ZRecommendation>;
export const ZRecommendationList = z.object({ items: z.array(ZRecommendation) });
export const ZRecommendationQuery = z.object({ status: ZRecommendationStatus.optional() });
