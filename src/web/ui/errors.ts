/**
 * Turning errors into calm, translated text: API errors (`errors.<CODE>`), zod issues found in the browser
 * (`validation.*`) and field errors returned by the API (`details.fields[].path`).
 */
import type { FieldError, FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { z } from 'zod';
import { ApiError, isApiError } from '../app/api';
import { i18n } from '../app/i18n';

/** The translated message for any error thrown by a request. */
export function apiErrorMessage(e: unknown): string {
  if (isApiError(e)) {
    if (e.code === 'NETWORK') return i18n.t('common.networkError');
    const key = `errors.${e.code}`;
    return i18n.exists(key) ? i18n.t(key) : e.message;
  }
  return i18n.t('errors.INTERNAL');
}

type TIssue = z.core.$ZodRawIssue;

/** Global zod error map for the web app, so form errors are in the person's language. */
export function zodIssueMessage(iss: TIssue): string {
  const t = i18n.t.bind(i18n);
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined || iss.input === null || iss.input === '' ? t('validation.required') : t('validation.invalid');
    case 'too_small': {
      const min = Number(iss.minimum);
      if (iss.origin === 'string') return min <= 1 ? t('validation.required') : t('validation.tooShort', { min });
      if (iss.origin === 'array' || iss.origin === 'set') return t('validation.tooFew', { min });
      return t('validation.tooSmall', { min });
    }
    case 'too_big': {
      const max = Number(iss.maximum);
      if (iss.origin === 'string') return t('validation.tooLong', { max });
      if (iss.origin === 'array' || iss.origin === 'set') return t('validation.tooMany', { max });
      return t('validation.tooBig', { max });
    }
    case 'invalid_format':
      if (iss.format === 'email') return t('validation.email');
      if (iss.format === 'date') return t('validation.date');
      return t('validation.format');
    case 'invalid_value':
      return t('validation.choose');
    default:
      return t('validation.invalid');
  }
}

export function installZodErrorMap(): void {
  z.config({ customError: zodIssueMessage });
}

const RAW_CODE = /^[a-z0-9_]+$/;

/** The text to show under a field. Messages that are bare codes from the contract become a generic text. */
export function fieldErrorText(err: FieldError | { message?: string; type?: string } | undefined): string | undefined {
  if (!err) return undefined;
  const message = typeof err.message === 'string' ? err.message : '';
  if (message && !RAW_CODE.test(message)) return message;
  if (message === 'person_or_person_id' || message === 'reason_required') return i18n.t('validation.required');
  return i18n.t('validation.invalid');
}

/**
 * Puts the API's field errors on the form. Returns the messages that match no field of the form, so they
 * can be shown in the summary.
 */
export function applyServerFieldErrors<T extends FieldValues>(
  e: unknown,
  setError: UseFormSetError<T>,
  knownPaths?: (path: string) => boolean,
): { applied: string[]; unmatched: string[] } {
  const applied: string[] = [];
  const unmatched: string[] = [];
  if (!(e instanceof ApiError)) return { applied, unmatched };
  for (const f of e.fields) {
    const path = f.path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
    if (path && (!knownPaths || knownPaths(path))) {
      setError(path as Path<T>, { type: 'server', message: f.message || i18n.t('validation.invalid') });
      applied.push(path);
    } else {
      unmatched.push(f.message);
    }
  }
  return { applied, unmatched };
}
