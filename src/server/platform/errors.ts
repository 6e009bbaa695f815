/**
 * One error type with stable codes. Services throw `AppError`; the HTTP layer maps it to
 * `{ error: { code, message, details } }` with the message translated into the caller's language.
 */
import type { TErrorCode, TFieldErrorCode } from '../../contract/common';

export const STATUS_BY_CODE: Record<TErrorCode, number> = {
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  MFA_REQUIRED: 401,
  MFA_INVALID: 401,
  MFA_SETUP_REQUIRED: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  SESSION_EXPIRED: 401,
  CSRF_INVALID: 403,
  ORIGIN_REFUSED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION_FAILED: 400,
  VERSION_CONFLICT: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  DOCUMENT_UNAVAILABLE: 503,
  PROCESSING_RESTRICTED: 409,
  INTERNAL: 500,
};

export type FieldError = { path: string; code: TFieldErrorCode; message?: string };

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: TErrorCode,
    readonly details?: Record<string, unknown>,
  ) {
    super(code);
    this.status = STATUS_BY_CODE[code];
  }

  static notFound(): AppError {
    return new AppError('NOT_FOUND');
  }
  static forbidden(): AppError {
    return new AppError('FORBIDDEN');
  }
  static validation(fields: FieldError[]): AppError {
    return new AppError('VALIDATION_FAILED', { fields });
  }
  static conflict(currentVersion: number): AppError {
    return new AppError('VERSION_CONFLICT', { currentVersion });
  }
}
