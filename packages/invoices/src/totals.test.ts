import { describe, expect, it } from 'vitest'
import { computeInvoiceTotals, lineAmount, roundedDivision } from './totals'

const line = (unitPriceMinor: number, taxRate: number, quantityMilli = 1000, discountMinor = 0) => ({ quantityMilli, unitPriceMinor, discountMinor, taxRate })

describe('invoice totals', () => {
  it('rounds half away from zero, also for credit notes', () => {
    expect(roundedDivision(5, 10)).toBe(1)
    expect(roundedDivision(4, 10)).toBe(0)
    expect(roundedDivision(-5, 10)).toBe(-1)
    expect(roundedDivision(-4, 10)).toBe(0)
  })

  it('rounds each line once: 1.5 hours at €33.33 is €50.00 (49.995), less its discount', () => {
    expect(lineAmount(line(3333, 2100, 1500))).toBe(5000)
    expect(lineAmount(line(3333, 2100, 1500, 500))).toBe(4500)
    expect(lineAmount(line(199, 2100, 333))).toBe(66) // 66.267
  })

  it('prices without tax: tax once per rate over the rate\'s lines, not per line', () => {
    // Three lines of €0.05 at 21 %: per line the tax would be 1 + 1 + 1 = 3 cents; per rate it is round(3.15) = 3…
    // …and at 10 %, 3 × €0.15: per line 2 + 2 + 2 = 6, per rate round(4.5) = 5.
    const totals = computeInvoiceTotals([line(5, 2100), line(5, 2100), line(5, 2100), line(15, 1000), line(15, 1000), line(15, 1000)], false)
    expect(totals.rates).toEqual([
      { taxRate: 2100, baseMinor: 15, taxMinor: 3 },
      { taxRate: 1000, baseMinor: 45, taxMinor: 5 },
    ])
    expect(totals).toMatchObject({ baseMinor: 60, taxMinor: 8, totalMinor: 68 })
  })

  it('prices with tax: the lines add up to the total paid, the base divided out per rate', () => {
    // €45.00 haircut and €10.00 product at 21 %, €12.10 at 10 %: gross 55.00 → base 45.45 (45.454…) + 9.55.
    const totals = computeInvoiceTotals([line(4500, 2100), line(1000, 2100), line(1210, 1000)], true)
    expect(totals.lineAmounts).toEqual([4500, 1000, 1210])
    expect(totals.rates).toEqual([
      { taxRate: 2100, baseMinor: 4545, taxMinor: 955 },
      { taxRate: 1000, baseMinor: 1100, taxMinor: 110 },
    ])
    expect(totals.totalMinor).toBe(4500 + 1000 + 1210)
    expect(totals.baseMinor + totals.taxMinor).toBe(totals.totalMinor)
  })

  it('a zero rate and a credit note (negative lines) come out exact', () => {
    const credit = computeInvoiceTotals([line(-4500, 2100), line(-2000, 0)], true)
    expect(credit.rates).toEqual([
      { taxRate: 2100, baseMinor: -3719, taxMinor: -781 },
      { taxRate: 0, baseMinor: -2000, taxMinor: 0 },
    ])
    expect(credit.totalMinor).toBe(-6500)
  })
})
