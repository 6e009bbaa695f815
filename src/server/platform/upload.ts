/**
 * File uploads and downloads, the same everywhere (case attachments, progress-report evidence, signed
 * agreements): one multipart file read with a size limit, its real type from its first bytes (never the
 * name or the declared type), and a download that the browser saves instead of rendering.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
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

/**
 * Reads the one file of a multipart request (call it after the caller's right to upload is checked, so an
 * unauthorised body is never read): 400 `required` / `malformed_upload` / `empty_file`, 413 when too large,
 * 415 with the allowed types when its real type is not one of them.
 */
export async function readUpload<T extends string>(req: FastifyRequest, maxBytes: number, allowed: readonly T[]): Promise<Upload<T>> {
  const { fileName, content } = await readUploadBytes(req, maxBytes);
  const mimeType = sniffFileType(content, fileName);
  if (!mimeType || !(allowed as readonly string[]).includes(mimeType)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { allowed });
  return { fileName, mimeType: mimeType as T, content };
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
 * Sends a file as a download (never rendered inline, never cached). The name is given in UTF-8; the plain
 * `filename` repeats it when it is plain ASCII, else says "document" (older clients).
 */
export function sendFile(reply: FastifyReply, file: { fileName: string; mimeType: string; content: Buffer | string }) {
  const ascii = /^[A-Za-z0-9._-]+$/.test(file.fileName) ? file.fileName : 'document';
  return noStore(reply)
    .header('content-type', file.mimeType)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('x-content-type-options', 'nosniff')
    .send(file.content);
}
