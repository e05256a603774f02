import { describe, expect, it } from 'vitest'
import { parseAddress } from './parse-address'

describe('parseAddress', () => {
  it('splits a display name and an address', () => {
    expect(parseAddress('Ana <ana@x.com>')).toEqual({ name: 'Ana', email: 'ana@x.com' })
    expect(parseAddress('  Ana López   < ana@x.com >  ')).toEqual({ name: 'Ana López', email: 'ana@x.com' })
  })

  it('unquotes a quoted name, commas and escapes included', () => {
    expect(parseAddress('"López, Ana" <ana@x.com>')).toEqual({ name: 'López, Ana', email: 'ana@x.com' })
    expect(parseAddress('"Ana \\"Anita\\" López" <ana@x.com>')).toEqual({ name: 'Ana "Anita" López', email: 'ana@x.com' })
  })

  it('gives a null name for a bare or bracketed address', () => {
    expect(parseAddress('ana@x.com')).toEqual({ name: null, email: 'ana@x.com' })
    expect(parseAddress('<ana@x.com>')).toEqual({ name: null, email: 'ana@x.com' })
    expect(parseAddress('"" <ana@x.com>')).toEqual({ name: null, email: 'ana@x.com' })
  })

  it('is null when there is no address', () => {
    expect(parseAddress('')).toBeNull()
    expect(parseAddress('Ana')).toBeNull()
    expect(parseAddress('Ana <not-an-address>')).toBeNull()
    expect(parseAddress('a@x.com, b@x.com')).toBeNull()
  })
})
