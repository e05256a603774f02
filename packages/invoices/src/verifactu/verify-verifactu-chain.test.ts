import { describe, expect, it } from 'vitest'
import { alta1, alta2, anulacion3, HUELLA_1, HUELLA_2 } from './test-records'
import { verifactuHash } from './verifactu-hash'
import { verifyVerifactuChain, type StoredVerifactuChainRecord } from './verify-verifactu-chain'

const chain = (): StoredVerifactuChainRecord[] => [
  { ...alta1, huella: HUELLA_1 },
  { ...alta2, huella: HUELLA_2 },
  { ...anulacion3, huella: verifactuHash(anulacion3) },
]

describe('verifyVerifactuChain', () => {
  it('accepts the AEAT worked chain, anulación included, and an empty chain', () => {
    expect(verifyVerifactuChain(chain())).toEqual({ valid: true, count: 3 })
    expect(verifyVerifactuChain([])).toEqual({ valid: true, count: 0 })
  })

  it('finds a changed field at its record', () => {
    const records = chain()
    records[1] = { ...alta2, importeTotal: '1123.45', huella: HUELLA_2 }
    expect(verifyVerifactuChain(records)).toEqual({ valid: false, count: 3, brokenAt: 1, reason: 'hash_mismatch' })
  })

  it('finds a changed stored huella at its record', () => {
    const records = chain()
    records[2] = { ...records[2]!, huella: '0'.repeat(64) }
    expect(verifyVerifactuChain(records)).toEqual({ valid: false, count: 3, brokenAt: 2, reason: 'hash_mismatch' })
  })

  it('finds a re-hashed record by the broken link after it', () => {
    // Whoever edits record 1 and stores its new hash still breaks record 2's link.
    const records = chain()
    const edited = { ...alta2, importeTotal: '1123.45' }
    records[1] = { ...edited, huella: verifactuHash(edited) }
    expect(verifyVerifactuChain(records)).toEqual({ valid: false, count: 3, brokenAt: 2, reason: 'broken_link' })
  })

  it('finds a removed record and a reordered chain', () => {
    const records = chain()
    expect(verifyVerifactuChain([records[0]!, records[2]!])).toEqual({ valid: false, count: 2, brokenAt: 1, reason: 'broken_link' })
    expect(verifyVerifactuChain([records[1]!, records[0]!])).toEqual({ valid: false, count: 2, brokenAt: 0, reason: 'first_not_empty' })
  })

  it('requires the first record to name no previous huella', () => {
    const records = chain().slice(1)
    expect(verifyVerifactuChain(records)).toEqual({ valid: false, count: 2, brokenAt: 0, reason: 'first_not_empty' })
  })
})
