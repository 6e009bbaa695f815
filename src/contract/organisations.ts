import { z } from 'zod';
import { ZId, ZOrganisationType, ZRegionCode, ZInstant, ZPlainName } from './common';

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
  name: ZPlainName(200, 2),
  type: ZOrganisationType,
  regionCode: ZRegionCode.nullable().default(null),
  active: z.boolean().default(true),
});

export const ZOrganisationUpdate = z
  .object({
    version: z.number().int().min(1),
    name: ZPlainName(200, 2).optional(),
    type: ZOrganisationType.optional(),
    regionCode: ZRegionCode.nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();

export const ZOrganisationList = z.object({ items: z.array(ZOrganisation) });
