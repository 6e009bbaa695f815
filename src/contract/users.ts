import { z } from 'zod';
import { ZId, ZRole, ZInstant, ZPlainName } from './common';
import { ZLanguage } from './auth';

export const ZUser = z.object({
  id: ZId,
  email: z.string(),
  displayName: z.string(),
  organisationId: ZId,
  organisationName: z.string(),
  roles: z.array(ZRole),
  language: ZLanguage,
  active: z.boolean(),
  mfaEnabled: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: ZInstant.nullable(),
  version: z.number().int(),
  createdAt: ZInstant,
});
export type TUser = z.infer<typeof ZUser>;

export const ZUserCreate = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  displayName: ZPlainName(200, 2),
  organisationId: ZId,
  roles: z.array(ZRole).min(1).max(9),
  language: ZLanguage.default('fr'),
  /** Temporary password, to be changed at first sign-in. */
  password: z.string().min(12).max(256),
});

export const ZUserUpdate = z
  .object({
    version: z.number().int().min(1),
    displayName: ZPlainName(200, 2).optional(),
    roles: z.array(ZRole).min(1).max(9).optional(),
    active: z.boolean().optional(),
    language: ZLanguage.optional(),
  })
  .strict();

export const ZPasswordReset = z.object({
  version: z.number().int().min(1),
  /** New temporary password; the person must change it at next sign-in. */
  password: z.string().min(12).max(256),
  /** Also remove the second factor so it can be set up again (lost phone). */
  resetMfa: z.boolean().default(false),
});

export const ZUserListQuery = z.object({ organisationId: ZId.optional() });
export const ZUserList = z.object({ items: z.array(ZUser) });
export const ZAssignableUsers = z.object({ items: z.array(z.object({ id: ZId, displayName: z.string() })) });
