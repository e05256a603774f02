import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'

// The PDF tests read the rendered file the way a person's viewer does, with poppler. A missing
// poppler must fail loudly: a skipped test would hide a broken invoice.

const run = promisify(execFile)

async function poppler(tool: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(tool, args, { maxBuffer: 64 * 1024 * 1024 })
    return stdout
  }
  catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${tool} not found: the invoice PDF tests need poppler-utils (apt-get install poppler-utils)`, { cause: error })
    }
    throw error
  }
}

async function withPdfFile<T>(pdf: Buffer, use: (path: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'invoice-pdf-'))
  try {
    const path = join(dir, 'invoice.pdf')
    await writeFile(path, pdf)
    return await use(path, dir)
  }
  finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** `pdftotext -layout`, with no-break spaces made plain so assertions read naturally. */
export function pdfText(pdf: Buffer): Promise<string> {
  return withPdfFile(pdf, async path => (await poppler('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'])).replace(/\u00A0/g, ' '))
}

/** The `pdfinfo` fields (`Pages`, `Title`, `Author`…). */
export function pdfInfo(pdf: Buffer): Promise<Record<string, string>> {
  return withPdfFile(pdf, async (path) => {
    const info: Record<string, string> = {}
    for (const line of (await poppler('pdfinfo', [path])).split('\n')) {
      const colon = line.indexOf(':')
      if (colon > 0) info[line.slice(0, colon)] = line.slice(colon + 1).trim()
    }
    return info
  })
}

/** One page as PNG via `pdftoppm -r <dpi> -png`. */
export function pdfPagePng(pdf: Buffer, page: number, dpi = 200): Promise<Buffer> {
  return withPdfFile(pdf, async (path, dir) => {
    const out = join(dir, 'page')
    await poppler('pdftoppm', ['-r', String(dpi), '-png', '-f', String(page), '-l', String(page), '-singlefile', path, out])
    return readFile(`${out}.png`)
  })
}

/** The text of the first QR code found in a PNG, or null. */
export function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png)
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null
}
