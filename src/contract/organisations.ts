import { z } from 'zod';
import { ZId, ZOrganisationType, ZRegionCode, ZInstant } from './common';

export const ZOrganisation = z.object({
  id: ZId,
  name: z.string(),
  type: ZOrganisationType,
  regionCode: ZRegionCode.nullable(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: ZInstant,
  updatedAt: ZInstant,
});
export type TOrganisation = z.infer<typeof ZOrganisation>;

export const ZOrganisationCreate = z.object({
  name: z.string().trim().min(2).max(200),
  type: ZOrganisationType,
  regionCode: ZRegionCode.nullable().default(null),
  active: z.boolean().default(true),
});

export const ZOrganisationUpdate = z
  .object({
    version: z.number().int().min(1),
    name: z.string().trim().min(2).max(200).optional(),
    type: ZOrganisationType.optional(),
    regionCode: ZRegionCode.nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();

export const ZOrganisationList = z.object({ items: z.array(ZOrganisation) });
