/*
 * An invoice's arithmetic, in integer minor units. Each line is rounded once (quantity × unit
 * price − discount, half away from zero), then tax is computed once per rate over the sum of
 * that rate's lines — the way Spanish and most EU rules want the breakdown printed: a base and
 * a quota per rate, whose sums are the invoice's. With prices that include tax, the base of a
 * rate is its gross divided out and the quota is what is left, so the lines always add up to
 * the total the customer paid.
 */

export interface LineInput {
  /** The quantity times 1,000: 1.5 hours is 1500. */
  quantityMilli: number
  unitPriceMinor: number
  discountMinor: number
  /** Basis points: 2100 is 21 %. */
  taxRate: number
}

export interface RateTotal {
  taxRate: number
  baseMinor: number
  taxMinor: number
}

export interface InvoiceTotals {
  /** Each line's amount as printed: after its discount, with or without tax as the invoice says. */
  lineAmounts: number[]
  /** One entry per rate, highest rate first. */
  rates: RateTotal[]
  baseMinor: number
  taxMinor: number
  totalMinor: number
}

/** `numerator / denominator` rounded half away from zero, in integers (denominator > 0). */
export function roundedDivision(numerator: number, denominator: number): number {
  const sign = numerator < 0 ? -1 : 1
  const magnitude = Math.abs(numerator)
  // `|| 0`: a negative that rounds to nothing is 0, not -0.
  return sign * Math.floor((magnitude * 2 + denominator) / (denominator * 2)) || 0
}

/** A line's amount: quantity × unit price, rounded to the cent, less its discount. */
export function lineAmount(line: LineInput): number {
  return roundedDivision(line.quantityMilli * line.unitPriceMinor, 1000) - line.discountMinor
}

/** The tax of a base at a rate; the base inside a gross that includes the tax. */
export function taxOnBase(baseMinor: number, taxRate: number): number {
  return roundedDivision(baseMinor * taxRate, 10_000)
}

export function baseInGross(grossMinor: number, taxRate: number): number {
  return roundedDivision(grossMinor * 10_000, 10_000 + taxRate)
}

export function computeInvoiceTotals(lines: readonly LineInput[], pricesIncludeTax: boolean): InvoiceTotals {
  const lineAmounts = lines.map(lineAmount)
  const byRate = new Map<number, number>()
  lines.forEach((line, index) => byRate.set(line.taxRate, (byRate.get(line.taxRate) ?? 0) + lineAmounts[index]!))
  const rates = [...byRate.entries()].sort(([a], [b]) => b - a).map(([taxRate, sum]): RateTotal => {
    if (pricesIncludeTax) {
      const baseMinor = baseInGross(sum, taxRate)
      return { taxRate, baseMinor, taxMinor: sum - baseMinor }
    }
    return { taxRate, baseMinor: sum, taxMinor: taxOnBase(sum, taxRate) }
  })
  const baseMinor = rates.reduce((total, rate) => total + rate.baseMinor, 0)
  const taxMinor = rates.reduce((total, rate) => total + rate.taxMinor, 0)
  return { lineAmounts, rates, baseMinor, taxMinor, totalMinor: baseMinor + taxMinor }
}
