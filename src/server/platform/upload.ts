/**
 * File uploads and downloads, the same everywhere (case attachments, progress-report evidence, signed
 * agreements): one multipart file read with a size limit, its real type from its first bytes (never the
 * name or the declared type), a stored name that is clean and carries the extension of that real type, and a
 * download that the browser saves instead of rendering.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cleanName } from '../../contract/common';
import { AppError } from './errors';
import { noStore } from './http';

export type Upload<T extends string> = { fileName: string; mimeType: T; content: Buffer };

const OFFICE: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** The file's type from its first bytes: PDF, JPEG, PNG, an Office document (a ZIP named .docx/.xlsx/.pptx), UTF-8 text. */
export function sniffFileType(buf: Buffer, fileName: string): string | null {
  if (buf.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (buf.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return OFFICE[/\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? ''] ?? null;
  if (!buf.includes(0) && Buffer.from(buf.toString('utf8'), 'utf8').equals(buf)) return 'text/plain';
  return null;
}

/** Extensions of each type we detect; the first is the one given to a file whose name has none of them. */
const EXTENSIONS: Record<string, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'text/plain': ['txt'],
  [OFFICE.docx!]: ['docx'],
  [OFFICE.xlsx!]: ['xlsx'],
  [OFFICE.pptx!]: ['pptx'],
};
export const FILE_NAME_MAX = 255;
/** What looks like an extension: a dot, a letter, up to four more letters or digits ("v1.2" or "J.-P. Martin" keep their dot). */
const EXTENSION = /\.([A-Za-z][A-Za-z0-9]{0,4})$/;
/** Characters no file system or shell handles well in a name (Windows' reserved set), replaced by `_`. */
const RESERVED = /[<>:"|?*]/g;
/** Names Windows keeps for devices, whatever the extension. */
const DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

/**
 * The name a file is stored and served under. The user's name is cleaned (`cleanName`: bidirectional
 * overrides such as U+202E and other invisible characters removed), only its last path segment is kept,
 * reserved characters become `_`, leading dots and trailing dots or spaces go. When its real type is one we
 * detect, the name ends with that type's extension: one that already fits is kept ("Scan.JPEG"), any other
 * is replaced ("report.html" holding a PDF → "report.pdf", which is what the file is). The whole name is at
 * most 255 characters, counted as code points (the base name is shortened, the extension kept), and
 * `document.<ext>` when nothing is left.
 */
export function safeFileName(name: string, mimeType: string): string {
  const known = EXTENSIONS[mimeType.split(';')[0]!.trim().toLowerCase()];
  const base = (cleanName(name).split(/[/\\]/).pop() ?? '').replace(RESERVED, '_');
  const current = EXTENSION.exec(base);
  let stem = current ? base.slice(0, current.index) : base;
  let ext = current?.[1] ?? '';
  if (known && !known.includes(ext.toLowerCase())) ext = known[0]!;
  const tidy = (s: string) => cleanName(s).replace(/^[.\s]+/u, '').replace(/[.\s]+$/u, '');
  stem = tidy(stem);
  if (DEVICE.test(stem)) stem = `_${stem}`;
  const room = FILE_NAME_MAX - (ext ? ext.length + 1 : 0);
  const chars = [...stem];
  if (chars.length > room) stem = tidy(chars.slice(0, room).join(''));
  if (!stem) stem = 'document';
  return ext ? `${stem}.${ext}` : stem;
}

/**
 * Reads the one file of a multipart request (call it after the caller's right to upload is checked, so an
 * unauthorised body is never read): 400 `required` / `malformed_upload` / `empty_file`, 413 when too large,
 * 415 with the allowed types when its real type is not one of them.
 */
export async function readUpload<T extends string>(req: FastifyRequest, maxBytes: number, allowed: readonly T[]): Promise<Upload<T>> {
  const { fileName, content } = await readUploadBytes(req, maxBytes);
  const mimeType = sniffFileType(content, fileName);
  if (!mimeType || !(allowed as readonly string[]).includes(mimeType)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { allowed });
  return { fileName: safeFileName(fileName, mimeType), mimeType: mimeType as T, content };
}

/** The same without a type check, for a file whose parser says what is wrong with it (an XLSX import). */
export async function readUploadBytes(req: FastifyRequest, maxBytes: number): Promise<{ fileName: string; content: Buffer }> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  let fileName: string;
  let content: Buffer;
  try {
    const part = await req.file({ limits: { fileSize: maxBytes, files: 1, fields: 5 } });
    if (!part) throw AppError.validation([{ path: 'file', code: 'required' }]);
    fileName = part.filename;
    content = await part.toBuffer();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (err instanceof AppError || code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT') throw err;
    // A truncated or malformed multipart body is the client's error, not ours.
    throw AppError.validation([{ path: 'file', code: 'malformed_upload' }]);
  }
  if (content.length === 0) throw AppError.validation([{ path: 'file', code: 'empty_file' }]);
  return { fileName, content };
}

/**
 * Sends a file as a download (never rendered inline, never cached). The name goes through `safeFileName`
 * again (files stored before names were cleaned, and names that must match the type served), then is given
 * in UTF-8 (RFC 8187: everything but letters, digits and `-._~` percent-encoded, so no quote, semicolon or
 * line break can reach the header); the plain `filename` repeats it when it is plain ASCII, else says
 * "document.<ext>" (older clients).
 */
export function sendFile(reply: FastifyReply, file: { fileName: string; mimeType: string; content: Buffer | string }) {
  const name = safeFileName(file.fileName, file.mimeType);
  const ascii = /^[A-Za-z0-9._-]+$/.test(name) ? name : `document${EXTENSION.exec(name)?.[0] ?? ''}`;
  const encoded = encodeURIComponent(name).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return noStore(reply)
    .header('content-type', file.mimeType)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`)
    .header('x-content-type-options', 'nosniff')
    .send(file.content);
}
