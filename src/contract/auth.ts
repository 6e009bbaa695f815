import { z } from 'zod';
import { ZId, ZRole, ZInstant } from './common';

export const ZLanguage = z.enum(['fr', 'ar', 'en']);
export type TLanguage = z.infer<typeof ZLanguage>;

export const ZLoginRequest = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});

/** What the signed-in person and the web app need to know about the session. */
export const ZSessionUser = z.object({
  id: ZId,
  email: z.string(),
  displayName: z.string(),
  language: ZLanguage,
  roles: z.array(ZRole),
  organisation: z.object({ id: ZId, name: z.string(), type: z.string() }),
  isDemo: z.boolean(),
});

/**
 * `authenticated`: fully signed in. `mfa_required`: password accepted, TOTP code expected.
 * `mfa_setup_required`: the role requires a second factor that is not set up yet.
 * `password_change_required`: an administrator reset the password; the person must choose a new one.
 */
export const ZSessionState = z.enum(['authenticated', 'mfa_required', 'mfa_setup_required', 'password_change_required']);

export const ZSessionResponse = z.object({
  state: ZSessionState,
  user: ZSessionUser,
  csrfToken: z.string(),
  /** True when this demo account may skip the second factor (demo mode only). */
  mfaWaivedForDemo: z.boolean(),
  idleTimeoutSeconds: z.number().int(),
  expiresAt: ZInstant,
});
export type TSessionResponse = z.infer<typeof ZSessionResponse>;

export const ZMfaVerifyRequest = z.object({ code: z.string().trim().regex(/^\d{6}$/) });
export const ZTotpSetupResponse = z.object({ otpauthUri: z.string(), secret: z.string(), qrDataUrl: z.string() });

export const ZPasswordChangeRequest = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(12).max(256),
});

export const ZPreferencesRequest = z.object({ language: ZLanguage });
