import pdfmake from 'pdfmake'
import robotoFiles from 'pdfmake/build/vfs_fonts.js'
import type { TFontDictionary } from 'pdfmake/interfaces'
import { buildInvoicePdfDocument } from './build-invoice-pdf-document'
import type { InvoicePdfInput } from './invoice-pdf-input'

/*
 * Static imports (not a require at run time) so the apps' server bundles see pdfmake and its
 * fonts and ship them. The Roboto that comes with pdfmake (Medium stands in for bold) is put
 * into pdfmake's in-memory file system: no font download, and no font read from disk, ever.
 */
const ROBOTO: TFontDictionary = {
  Roboto: { normal: 'Roboto-Regular.ttf', bold: 'Roboto-Medium.ttf', italics: 'Roboto-Italic.ttf', bolditalics: 'Roboto-MediumItalic.ttf' },
}
interface VirtualFileSystem { writeFileSync: (name: string, content: Buffer) => void }
const { virtualfs } = pdfmake as unknown as { virtualfs: VirtualFileSystem }
for (const file of Object.values(ROBOTO.Roboto!) as string[]) virtualfs.writeFileSync(file, Buffer.from(robotoFiles[file]!, 'base64'))

/**
 * An A4 PDF of the invoice, credit note or simplified invoice. Nothing is fetched and nothing
 * read from disk: remote URLs and local paths are refused (the logo comes in as bytes).
 */
export async function renderInvoicePdf(input: InvoicePdfInput): Promise<Buffer> {
  const document = buildInvoicePdfDocument(input)
  // pdfmake keeps fonts and policies on one shared instance; set them on every call so
  // nothing else in the process can loosen them between renders.
  pdfmake.setFonts(ROBOTO)
  pdfmake.setUrlAccessPolicy(() => false)
  pdfmake.setLocalAccessPolicy(() => false)
  return pdfmake.createPdf(document).getBuffer()
}
