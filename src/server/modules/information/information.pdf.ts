/**
 * HTML → PDF with Debian's Chromium through playwright-core (the only path that gets Arabic right-to-left
 * text, mixed scripts and digits right). One browser per process, launched on first use and reused; each
 * document gets its own context (no JavaScript, offline) that is closed afterwards. A missing, crashed or
 * stuck browser becomes `DOCUMENT_UNAVAILABLE` (503), never an unhandled error.
 */
import fs from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { AppError } from '../../platform/errors';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type PdfOptions = {
  /** Small HTML printed at the bottom of every page (Chromium's footer template: pageNumber, totalPages). */
  footerTemplate?: string;
  /** Called with the underlying error when rendering fails (the caller logs it; the client only gets the code). */
  onError?: (err: unknown) => void;
};

type RendererOptions = { executablePath?: string; maxConcurrent?: number; maxQueued?: number; timeoutMs?: number };

export class PdfRenderer {
  private browser: Promise<Browser> | null = null;
  private users = 0;
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly options: RendererOptions = {}) {}

  private get executablePath(): string {
    return this.options.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  }

  private launch(): Promise<Browser> {
    if (this.browser) return this.browser;
    const executablePath = this.executablePath;
    const launching = (async () => {
      if (!fs.existsSync(executablePath)) throw new AppError('DOCUMENT_UNAVAILABLE', { reason: 'browser_missing' });
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: this.options.timeoutMs ?? 30_000 });
      // A crashed or killed browser is replaced on the next request.
      browser.on('disconnected', () => {
        if (this.browser === launching) this.browser = null;
      });
      return browser;
    })();
    this.browser = launching;
    launching.catch(() => {
      if (this.browser === launching) this.browser = null;
    });
    return launching;
  }

  private async acquire(): Promise<void> {
    if (this.active < (this.options.maxConcurrent ?? 2)) {
      this.active += 1;
      return;
    }
    if (this.queue.length >= (this.options.maxQueued ?? 20)) throw new AppError('DOCUMENT_UNAVAILABLE', { reason: 'busy' });
    // The slot is handed over by release(): `active` stays counted.
    await new Promise<void>((resolve) => this.queue.push(resolve));
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active -= 1;
  }

  /** Renders a self-contained HTML page to an A4 PDF. */
  async pdf(html: string, options: PdfOptions = {}): Promise<Buffer> {
    await this.acquire();
    let context: BrowserContext | null = null;
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    try {
      const timeoutMs = this.options.timeoutMs ?? 30_000;
      const render = async () => {
        const browser = await this.launch();
        const ctx = await browser.newContext({ javaScriptEnabled: false, offline: true });
        // Timed out while the context was being created: close it here, nobody else will.
        if (finished) {
          await ctx.close().catch(() => undefined);
          throw new Error('abandoned');
        }
        context = ctx;
        const page = await ctx.newPage();
        await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
        return page.pdf({
          format: 'A4',
          printBackground: true,
          displayHeaderFooter: !!options.footerTemplate,
          headerTemplate: '<span></span>',
          footerTemplate: options.footerTemplate ?? '<span></span>',
          margin: { top: '16mm', bottom: options.footerTemplate ? '18mm' : '16mm', left: '17mm', right: '17mm' },
        });
      };
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`PDF rendering took more than ${timeoutMs} ms`)), timeoutMs);
      });
      return await Promise.race([render(), timeout]);
    } catch (err) {
      if (err instanceof AppError) throw err;
      options.onError?.(err);
      throw new AppError('DOCUMENT_UNAVAILABLE', { reason: 'render_failed' });
    } finally {
      finished = true;
      clearTimeout(timer);
      const ctx = context as BrowserContext | null;
      if (ctx) await ctx.close().catch(() => undefined);
      this.release();
    }
  }

  /** An app that uses the renderer says so; the browser is closed when the last one closes. */
  retain(): void {
    this.users += 1;
  }

  async releaseUser(): Promise<void> {
    this.users = Math.max(0, this.users - 1);
    if (this.users === 0) await this.close();
  }

  async close(): Promise<void> {
    const launching = this.browser;
    this.browser = null;
    if (!launching) return;
    try {
      await (await launching).close();
    } catch {
      // never launched, or already gone
    }
  }
}

/** The process's renderer (one browser per process). */
export const pdfRenderer = new PdfRenderer();
