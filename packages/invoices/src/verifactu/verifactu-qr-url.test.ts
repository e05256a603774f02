import { describe, expect, it } from 'vitest'
import vectors from './fixtures/aeat-vectors.json'
import { VERIFACTU_QR_LEGEND, VERIFACTU_QR_SHORT_LEGEND, verifactuQrUrl } from './verifactu-qr-url'

describe('verifactuQrUrl', () => {
  it('builds both published examples byte for byte', () => {
    expect(verifactuQrUrl({ nif: 'B43752210', numSerie: 'E-12345', fecha: '23-04-2025', importe: 12345, environment: 'test' })).toBe(vectors.qr_examples[0])
    expect(verifactuQrUrl({ nif: 'B88752210', numSerie: '1/25A-321', fecha: '05-01-2025', importe: 56700, environment: 'production' })).toBe(vectors.qr_examples[1])
  })

  it('URL-encodes the invoice number so it cannot break the query', () => {
    const url = verifactuQrUrl({ nif: 'B43752210', numSerie: 'A&B 1?x=#', fecha: '23-04-2025', importe: -1050, environment: 'test' })
    expect(url).toBe('https://prewww2.aeat.es/wlpl/TIKE-CONT/ValidarQR?nif=B43752210&numserie=A%26B%201%3Fx%3D%23&fecha=23-04-2025&importe=-10.50')
    expect(new URL(url).searchParams.get('numserie')).toBe('A&B 1?x=#')
  })

  it('refuses a date not in dd-mm-yyyy and an amount that is not whole cents', () => {
    expect(() => verifactuQrUrl({ nif: 'B43752210', numSerie: 'E-1', fecha: '2025-04-23', importe: 100, environment: 'test' })).toThrow(RangeError)
    expect(() => verifactuQrUrl({ nif: 'B43752210', numSerie: 'E-1', fecha: '23-04-2025', importe: 1.5, environment: 'test' })).toThrow(RangeError)
    expect(() => verifactuQrUrl({ nif: ' ', numSerie: 'E-1', fecha: '23-04-2025', importe: 100, environment: 'test' })).toThrow(RangeError)
  })

  it('exports the legends printed next to the code', () => {
    expect(VERIFACTU_QR_LEGEND).toBe('Factura verificable en la sede electrónica de la AEAT')
    expect(VERIFACTU_QR_SHORT_LEGEND).toBe('VERI*FACTU')
  })
})
