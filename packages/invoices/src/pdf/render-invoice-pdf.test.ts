import { describe, expect, it } from 'vitest'
import { renderInvoicePdf } from './render-invoice-pdf'
import { decodeQr, pdfInfo, pdfPagePng, pdfText } from './test-poppler'
import { englishSimplifiedInvoice, ES_QR_URL, sixtyLineInvoice, spanishCreditNote, spanishInvoice } from './test-fixtures'

// Text from `pdftotext -layout` keeps each table row on one line, so a row's values can be
// asserted together: what a reader sees side by side.
function lineWith(text: string, needle: string): string {
  const line = text.split('\n').find(candidate => candidate.includes(needle))
  if (!line) throw new Error(`No line with '${needle}' in:\n${text}`)
  return line
}

describe('renderInvoicePdf', () => {
  it('prints a Spanish invoice with two rates, a discount, the logo and the VeriFactu QR', async () => {
    const pdf = await renderInvoicePdf(spanishInvoice())
    const text = await pdfText(pdf)

    for (const expected of [
      'Factura', 'Estudio Lumbre S.L.', 'NIF B12345674', 'Calle de Alcalá 123, 2º B', 'Cliente'.toUpperCase(),
      'Comercial Brisa S.A.', 'NIF A87654321', 'Avenida Diagonal 640',
      'F2026-0007', 'Fecha de expedición', '07/12/2026', 'Vencimiento', '06/01/2027',
      'Concepto', 'Cant.', 'Precio', 'IVA', 'Importe', 'Base imponible',
      'Transferencia bancaria a 30 días', 'Gracias por confiar en nosotros.',
      'VERI*FACTU · Factura verificable en la', 'sede electrónica de la AEAT',
    ]) expect(text).toContain(expected)
    expect(text).not.toContain('IVA incl.')

    expect(lineWith(text, 'Sesión de fotografía de producto')).toMatch(/2\s+450,00 €\s+-50,00 €\s+21 %\s+850,00 €/)
    expect(lineWith(text, 'Retoque avanzado por imagen')).toMatch(/12\s+75,00 €\s+21 %\s+900,00 €/)
    expect(lineWith(text, 'Álbum impreso tapa dura')).toMatch(/1\s+200,00 €\s+10 %\s+200,00 €/)
    // Tax breakdown: rate, base, tax on one row each.
    expect(text).toMatch(/^\s*21 %\s+1750,00 €\s+367,50 €/m)
    expect(text).toMatch(/^\s*10 %\s+200,00 €\s+20,00 €/m)
    expect(lineWith(text, 'Base imponible ')).toMatch(/Base imponible\s+1950,00 €$/)
    expect(text).toMatch(/IVA\s+387,50 €/)
    expect(text).toMatch(/Total\s+2337,50 €/)
    expect(text).toMatch(/Pagado\s+500,00 €/)
    expect(text).toMatch(/Pendiente\s+1837,50 €/)
    expect(text).toMatch(/Registro Mercantil de Madrid.*1\s*\/\s*1/)

    const info = await pdfInfo(pdf)
    expect(info).toMatchObject({ 'Title': 'F2026-0007', 'Author': 'Estudio Lumbre S.L.', 'Pages': '1', 'Page size': expect.stringContaining('(A4)') })
  })

  it('encodes the ValidarQR URL in a QR code a phone can read off page 1', async () => {
    const png = await pdfPagePng(await renderInvoicePdf(spanishInvoice()), 1, 200)
    expect(decodeQr(png)).toBe(ES_QR_URL)
  })

  it('renders the same bytes for the same invoice', async () => {
    const [first, second] = await Promise.all([renderInvoicePdf(spanishInvoice()), renderInvoicePdf(spanishInvoice())])
    expect(first.equals(second)).toBe(true)
  })

  it('prints an English simplified invoice without recipient, prices including tax', async () => {
    const pdf = await renderInvoicePdf(englishSimplifiedInvoice())
    const text = await pdfText(pdf)

    for (const expected of ['Simplified invoice', 'Lumbre Studio Ltd', 'Tax ID B12345674', 'T2026-0042', 'Date of issue', '5 Mar 2026', 'Description', 'Qty', 'incl. tax']) {
      expect(text).toContain(expected)
    }
    for (const absent of ['BILL TO', 'Due', 'Corrects', 'VERI*FACTU']) expect(text).not.toContain(absent)
    expect(lineWith(text, 'Portrait session')).toMatch(/1\s+€121\.00\s+21%\s+€121\.00/)
    expect(lineWith(text, 'Extra prints')).toMatch(/3\s+€12\.10\s+21%\s+€36\.30/)
    expect(text).toMatch(/^\s*21%\s+€130\.00\s+€27\.30/m)
    expect(text).toMatch(/Total\s+€157\.30/)
    expect(text).toMatch(/Paid\s+€157\.30/)
    expect(text).toMatch(/Amount due\s+€0\.00/)
    expect(await pdfInfo(pdf)).toMatchObject({ Title: 'T2026-0042', Author: 'Lumbre Studio Ltd', Pages: '1' })
  })

  it('prints a Spanish credit note with negative amounts and the invoice it corrects', async () => {
    const text = await pdfText(await renderInvoicePdf(spanishCreditNote()))

    for (const expected of ['Factura rectificativa', 'R2026-0002', '15/12/2026', 'Rectifica la factura F2026-0007 de 07/12/2026', 'Motivo: Devolución del álbum impreso']) {
      expect(text).toContain(expected)
    }
    expect(lineWith(text, 'Álbum impreso tapa dura')).toMatch(/-1\s+200,00 €\s+10,5 %\s+-200,00 €/)
    expect(text).toMatch(/^\s*10,5 %\s+-200,00 €\s+-21,00 €/m)
    expect(text).toMatch(/Total\s+-221,00 €/)
  })

  it('runs a 60-line invoice over pages, repeating the table header and numbering them', async () => {
    const pdf = await renderInvoicePdf(sixtyLineInvoice())
    const { Pages } = await pdfInfo(pdf)
    const pages = Number(Pages)
    expect(pages).toBeGreaterThanOrEqual(2)

    const text = await pdfText(pdf)
    const pageTexts = text.split('\f').filter(page => page.trim())
    expect(pageTexts).toHaveLength(pages)
    pageTexts.forEach((page, index) => {
      expect(page).toMatch(/Concepto\s+Cant\.\s+Precio\s+IVA\s+Importe/)
      expect(page).toMatch(new RegExp(`${index + 1}\\s*/\\s*${pages}\\s*$`))
    })
    for (let line = 1; line <= 60; line++) expect(text).toContain(`Sesión de estudio nº ${String(line).padStart(2, '0')}`)
    expect(pageTexts.at(-1)).toMatch(/Total\s+7260,00 €/)
  })
})
