import { describe, expect, it } from 'vitest'
import { formatInvoiceDate, formatInvoiceMoney, formatQuantity, formatTaxRate } from './invoice-pdf-format'
import { verifactuQrNode } from './invoice-pdf-qr'

describe('invoice PDF formats', () => {
  it('writes civil dates the way each language does, whatever the zone', () => {
    expect(formatInvoiceDate('2026-12-07', 'es')).toBe('07/12/2026')
    expect(formatInvoiceDate('2026-12-07', 'en')).toBe('7 Dec 2026')
    expect(formatInvoiceDate('2026-01-01', 'es')).toBe('01/01/2026')
    expect(() => formatInvoiceDate('2026-02-30', 'es')).toThrow(RangeError)
  })

  it('writes tax rates with the Spanish spaced percent sign', () => {
    expect(formatTaxRate(2100, 'es')).toBe('21\u00A0%')
    expect(formatTaxRate(1050, 'es')).toBe('10,5\u00A0%')
    expect(formatTaxRate(2100, 'en')).toBe('21%')
    expect(formatTaxRate(550, 'en')).toBe('5.5%')
    expect(formatTaxRate(0, 'es')).toBe('0\u00A0%')
  })

  it('formats amounts and quantities per locale, negatives included', () => {
    expect(formatInvoiceMoney(-22100, 'EUR', 'es')).toBe('-221,00\u00A0€')
    expect(formatInvoiceMoney(15730, 'EUR', 'en')).toBe('€157.30')
    expect(formatQuantity(1.5, 'es')).toBe('1,5')
    expect(formatQuantity(2, 'en')).toBe('2')
  })
})

describe('verifactuQrNode', () => {
  const mm = (pt: number) => (pt * 25.4) / 72

  it('draws the QR between 30 and 40 mm, as the AEAT asks, at error correction M', () => {
    const url = 'https://www2.agenciatributaria.gob.es/wlpl/TIKE-CONT/ValidarQR?nif=B12345674&numserie=F2026-0007&fecha=07-12-2026&importe=2371.50'
    const node = verifactuQrNode(url)
    expect(node).toMatchObject({ qr: url, eccLevel: 'M', version: 8 })
    expect(mm(node.fit!)).toBeCloseTo(34.6, 1)

    const longer = verifactuQrNode(`${url}&x=${'9'.repeat(40)}`)
    expect(longer.version).toBe(9)
    expect(mm(longer.fit!)).toBeGreaterThan(30)
    expect(mm(longer.fit!)).toBeLessThan(40)
  })
})
