import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import vectors from './fixtures/aeat-vectors.json'
import { alta1, alta2, anulacion3 } from './test-records'
import { verifactuHash, verifactuHashInput } from './verifactu-hash'

const sha256 = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex').toUpperCase()

describe('verifactuHash', () => {
  it('reproduces the AEAT worked chain: alta 1 (first record, empty Huella=) and alta 2 chained to it', () => {
    expect(verifactuHashInput(alta1)).toBe(vectors.alta_1.string)
    expect(verifactuHash(alta1)).toBe(vectors.alta_1.huella)
    expect(verifactuHashInput(alta2)).toBe(vectors.alta_2.string)
    expect(verifactuHash(alta2)).toBe(vectors.alta_2.huella)
    expect(alta2.huellaAnterior).toBe(vectors.alta_1.huella)
  })

  it('hashes an anulación from its five fields, chained to the alta before it', () => {
    const input = 'IDEmisorFacturaAnulada=89890001K&NumSerieFacturaAnulada=12345679/G34&FechaExpedicionFacturaAnulada=01-01-2024'
      + '&Huella=F7B94CFD8924EDFF273501B01EE5153E4CE8F259766F88CF6ACB8935802A2B97&FechaHoraHusoGenRegistro=2024-01-01T19:20:40+01:00'
    expect(verifactuHashInput(anulacion3)).toBe(input)
    expect(verifactuHash(anulacion3)).toBe(sha256(input))
    expect(verifactuHash(anulacion3)).toMatch(/^[0-9A-F]{64}$/)
  })

  it('trims every value, so padding never changes the hash', () => {
    const padded = { ...alta2, idEmisorFactura: ' 89890001K ', numSerieFactura: '\t12345679/G34 ', importeTotal: ' 123.45', huellaAnterior: ` ${alta2.huellaAnterior}\n` }
    expect(verifactuHashInput(padded)).toBe(vectors.alta_2.string)
    expect(verifactuHash(padded)).toBe(vectors.alta_2.huella)
  })

  it('has no trailing newline and hashes UTF-8', () => {
    expect(verifactuHashInput(alta1).endsWith('+01:00')).toBe(true)
    expect(verifactuHash(alta1)).not.toBe(sha256(`${vectors.alta_1.string}\n`))
    const accented = { ...alta1, numSerieFactura: 'AÑO/1' }
    expect(verifactuHash(accented)).toBe(sha256(verifactuHashInput(accented)))
    expect(verifactuHash(accented)).not.toBe(createHash('sha256').update(Buffer.from(verifactuHashInput(accented), 'latin1')).digest('hex').toUpperCase())
  })

  it('changes with any field', () => {
    expect(verifactuHash({ ...alta1, cuotaTotal: '12.36' })).not.toBe(vectors.alta_1.huella)
    expect(verifactuHash({ ...alta1, fechaHoraHusoGenRegistro: '2024-01-01T19:20:30+02:00' })).not.toBe(vectors.alta_1.huella)
  })
})
