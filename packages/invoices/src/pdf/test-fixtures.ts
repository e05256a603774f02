import { PNG } from 'pngjs'
import type { InvoicePdfInput } from './invoice-pdf-input'

// Invoices the PDF tests render; each one exercises what a reader relies on for its kind.

export const ES_QR_URL = 'https://www2.agenciatributaria.gob.es/wlpl/TIKE-CONT/ValidarQR?nif=B12345674&numserie=F2026-0007&fecha=07-12-2026&importe=2371.50'

/** A 96×32 teal badge with a white bar, made here so the tests need no binary fixture. */
export function testLogoPng(): Buffer {
  const png = new PNG({ width: 96, height: 32 })
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const offset = (y * png.width + x) * 4
      const bar = y >= 13 && y <= 18 && x >= 12 && x <= 84
      png.data[offset] = bar ? 255 : 15
      png.data[offset + 1] = bar ? 255 : 118
      png.data[offset + 2] = bar ? 255 : 110
      png.data[offset + 3] = 255
    }
  }
  return PNG.sync.write(png)
}

const issuer: InvoicePdfInput['issuer'] = {
  legalName: 'Estudio Lumbre S.L.',
  taxId: 'B12345674',
  addressLines: ['Calle de Alcalá 123, 2º B', '28009 Madrid', 'España'],
  email: 'facturas@estudiolumbre.es',
  phone: '+34 910 000 000',
}

/** es, full invoice: two tax rates, a discount, a logo and VeriFactu. */
export function spanishInvoice(): InvoicePdfInput {
  return {
    language: 'es',
    kind: 'invoice',
    number: 'F2026-0007',
    issueDate: '2026-12-07',
    dueDate: '2027-01-06',
    issuer: { ...issuer, logo: { data: testLogoPng(), mimeType: 'image/png' } },
    customer: {
      name: 'Comercial Brisa S.A.',
      taxId: 'A87654321',
      addressLines: ['Avenida Diagonal 640', '08017 Barcelona'],
      email: 'administracion@brisa.example',
    },
    currency: 'EUR',
    pricesIncludeTax: false,
    lines: [
      { description: 'Sesión de fotografía de producto (media jornada)', quantity: 2, unitPriceMinor: 45000, discountMinor: 5000, taxRateBasisPoints: 2100, amountMinor: 85000 },
      { description: 'Retoque avanzado por imagen', quantity: 12, unitPriceMinor: 7500, discountMinor: 0, taxRateBasisPoints: 2100, amountMinor: 90000 },
      { description: 'Álbum impreso tapa dura', quantity: 1, unitPriceMinor: 20000, discountMinor: 0, taxRateBasisPoints: 1000, amountMinor: 20000 },
    ],
    taxBreakdown: [
      { taxRateBasisPoints: 2100, baseMinor: 175000, taxMinor: 36750 },
      { taxRateBasisPoints: 1000, baseMinor: 20000, taxMinor: 2000 },
    ],
    totals: { baseMinor: 195000, taxMinor: 38750, totalMinor: 233750, paidMinor: 50000, dueMinor: 183750 },
    paymentTerms: 'Transferencia bancaria a 30 días a ES91 2100 0418 4502 0005 1332.',
    notes: 'Gracias por confiar en nosotros.',
    footer: 'Estudio Lumbre S.L. · Inscrita en el Registro Mercantil de Madrid, tomo 1234, folio 56, hoja M-78901',
    accentColor: '#0f766e',
    verifactu: { qrUrl: ES_QR_URL, legend: 'VERI*FACTU · Factura verificable en la sede electrónica de la AEAT' },
  }
}

/** en, simplified invoice without recipient, prices including tax. */
export function englishSimplifiedInvoice(): InvoicePdfInput {
  return {
    language: 'en',
    kind: 'simplified',
    number: 'T2026-0042',
    issueDate: '2026-03-05',
    issuer: { ...issuer, legalName: 'Lumbre Studio Ltd', logo: null },
    customer: null,
    currency: 'EUR',
    pricesIncludeTax: true,
    lines: [
      { description: 'Portrait session', quantity: 1, unitPriceMinor: 12100, discountMinor: 0, taxRateBasisPoints: 2100, amountMinor: 12100 },
      { description: 'Extra prints', quantity: 3, unitPriceMinor: 1210, discountMinor: 0, taxRateBasisPoints: 2100, amountMinor: 3630 },
    ],
    taxBreakdown: [{ taxRateBasisPoints: 2100, baseMinor: 13000, taxMinor: 2730 }],
    totals: { baseMinor: 13000, taxMinor: 2730, totalMinor: 15730, paidMinor: 15730, dueMinor: 0 },
    accentColor: '#4338ca',
  }
}

/** es credit note: negative amounts, referencing the invoice it corrects. */
export function spanishCreditNote(): InvoicePdfInput {
  return {
    language: 'es',
    kind: 'credit_note',
    number: 'R2026-0002',
    issueDate: '2026-12-15',
    corrects: { number: 'F2026-0007', issueDate: '2026-12-07', reason: 'Devolución del álbum impreso' },
    issuer: { ...issuer, logo: null },
    customer: { name: 'Comercial Brisa S.A.', taxId: 'A87654321', addressLines: ['Avenida Diagonal 640', '08017 Barcelona'] },
    currency: 'EUR',
    pricesIncludeTax: false,
    lines: [
      { description: 'Álbum impreso tapa dura', quantity: -1, unitPriceMinor: 20000, discountMinor: 0, taxRateBasisPoints: 1050, amountMinor: -20000 },
    ],
    taxBreakdown: [{ taxRateBasisPoints: 1050, baseMinor: -20000, taxMinor: -2100 }],
    totals: { baseMinor: -20000, taxMinor: -2100, totalMinor: -22100 },
    accentColor: null,
  }
}

/** A long invoice that must run over two pages with the table header repeated. */
export function sixtyLineInvoice(): InvoicePdfInput {
  const lines = Array.from({ length: 60 }, (_, index) => ({
    description: `Sesión de estudio nº ${String(index + 1).padStart(2, '0')}`,
    quantity: 1,
    unitPriceMinor: 10000,
    discountMinor: 0,
    taxRateBasisPoints: 2100,
    amountMinor: 10000,
  }))
  return {
    ...spanishInvoice(),
    number: 'F2026-0100',
    verifactu: null,
    lines,
    taxBreakdown: [{ taxRateBasisPoints: 2100, baseMinor: 600000, taxMinor: 126000 }],
    totals: { baseMinor: 600000, taxMinor: 126000, totalMinor: 726000 },
  }
}
