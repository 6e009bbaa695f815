/**
 * The one HTTP client of the web app: JSON in and out, same-origin cookies, the CSRF header on unsafe
 * methods, and the single error shape of the API turned into an `ApiError`.
 */
import type { z } from 'zod';
import { ERROR_CODES, type TErrorCode, ZFieldError } from '../../contract/common';

export type TFieldError = z.infer<typeof ZFieldError>;
export type TApiErrorCode = TErrorCode | 'NETWORK';

export class ApiError extends Error {
  readonly status: number;
  readonly code: TApiErrorCode;
  readonly details: unknown;

  constructor(status: number, code: TApiErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Field errors of a VALIDATION_FAILED answer (`details.fields`), or an empty list. */
  get fields(): TFieldError[] {
    const d = this.details as { fields?: unknown } | undefined;
    if (!d || !Array.isArray(d.fields)) return [];
    return d.fields.filter((f): f is TFieldError => ZFieldError.safeParse(f).success);
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KNOWN_CODES = new Set<string>(ERROR_CODES);

let csrfToken: string | null = null;
let language = 'fr';
let unauthenticatedHandler: ((code: TApiErrorCode) => void) | null = null;

/** Called by the auth context whenever the session changes. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The language used for server messages (`Accept-Language`). */
export function setApiLanguage(lang: string): void {
  language = lang;
}

/** Registered by the auth context: what to do when the server says the session is gone. */
export function onUnauthenticated(handler: ((code: TApiErrorCode) => void) | null): void {
  unauthenticatedHandler = handler;
}

export type TQuery = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: TQuery): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export interface TRequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: TQuery;
  body?: unknown;
  formData?: FormData;
  signal?: AbortSignal;
  /** Do not treat a 401 as "go to the sign-in page" (used for the initial session probe and sign-in). */
  quiet401?: boolean;
}

export const API_BASE = '/api/v1';

async function parseError(res: Response): Promise<ApiError> {
  let code: TApiErrorCode = res.status === 401 ? 'UNAUTHENTICATED' : res.status === 404 ? 'NOT_FOUND' : 'INTERNAL';
  let message = res.statusText;
  let details: unknown;
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    if (body && body.error) {
      if (typeof body.error.code === 'string' && KNOWN_CODES.has(body.error.code)) code = body.error.code as TErrorCode;
      if (typeof body.error.message === 'string') message = body.error.message;
      details = body.error.details;
    }
  } catch {
    // not JSON: keep the status-based code
  }
  if (res.status === 413) code = 'PAYLOAD_TOO_LARGE';
  if (res.status === 415) code = 'UNSUPPORTED_MEDIA_TYPE';
  if (res.status === 429) code = 'RATE_LIMITED';
  return new ApiError(res.status, code, message, details);
}

export async function apiRequest<T>(path: string, options: TRequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language };
  let body: BodyInit | undefined;
  if (options.formData) {
    body = options.formData;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (UNSAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(withQuery(API_BASE + path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : 'network');
  }

  if (!res.ok) {
    const err = await parseError(res);
    if (res.status === 401 && (err.code === 'UNAUTHENTICATED' || err.code === 'SESSION_EXPIRED') && !options.quiet401) {
      unauthenticatedHandler?.(err.code);
    }
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: TQuery, signal?: AbortSignal) => apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body: body ?? {} }),
  put: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'PUT', body: body ?? {} }),
  patch: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'PATCH', body: body ?? {} }),
  upload: <T>(path: string, formData: FormData) => apiRequest<T>(path, { method: 'POST', formData }),
};

/** A file from the API (same session, the interface language), for the browser to save; errors as from apiRequest. */
export async function apiDownload(path: string, query?: TQuery): Promise<{ blob: Blob; fileName: string; headers: Headers }> {
  let res: Response;
  try {
    res = await fetch(withQuery(API_BASE + path, query), { headers: { 'Accept-Language': language }, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : 'network');
  }
  if (!res.ok) {
    const err = await parseError(res);
    if (res.status === 401 && (err.code === 'UNAUTHENTICATED' || err.code === 'SESSION_EXPIRED')) unauthenticatedHandler?.(err.code);
    throw err;
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="([^"]+)"/i.exec(disposition)?.[1];
  return { blob: await res.blob(), fileName: encoded ? decodeURIComponent(encoded) : (plain ?? 'download'), headers: res.headers };
}

/** Hands a file to the browser to save. */
export function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
