import { verifactuHash, type VerifactuRecord } from './verifactu-hash'

/** A record as kept: its fields plus the huella stored with it. */
export type StoredVerifactuChainRecord = VerifactuRecord & { huella: string }

export type VerifactuChainBreak = 'hash_mismatch' | 'broken_link' | 'first_not_empty'

export type VerifactuChainResult
  = | { valid: true, count: number }
    | { valid: false, count: number, brokenAt: number, reason: VerifactuChainBreak }

/**
 * Checks a chain in order: the first record names no previous huella, every other names the
 * stored huella of the one before, and every stored huella is the hash of its own fields.
 * Reports the first record that fails; a changed link is reported as the link, since the hash
 * of that record then differs too.
 */
export function verifyVerifactuChain(records: readonly StoredVerifactuChainRecord[]): VerifactuChainResult {
  const count = records.length
  for (const [index, record] of records.entries()) {
    if (index === 0 && record.huellaAnterior !== '') return { valid: false, count, brokenAt: index, reason: 'first_not_empty' }
    if (index > 0 && record.huellaAnterior !== records[index - 1]!.huella) return { valid: false, count, brokenAt: index, reason: 'broken_link' }
    const { huella, ...fields } = record
    if (verifactuHash(fields as VerifactuRecord) !== huella) return { valid: false, count, brokenAt: index, reason: 'hash_mismatch' }
  }
  return { valid: true, count }
}
