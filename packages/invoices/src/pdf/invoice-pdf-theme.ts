import type { CustomTableLayout } from 'pdfmake/interfaces'

export const DEFAULT_ACCENT = '#0f766e'

/** A4 in pt, with the margins the document uses; the content is 515 pt wide. */
export const PAGE_MARGINS: [number, number, number, number] = [40, 52, 40, 60]
export const CONTENT_WIDTH = 595.28 - PAGE_MARGINS[0] - PAGE_MARGINS[2]

export const INK = '#1f2937'
export const MUTED = '#6b7280'
export const RULE = '#e5e7eb'
export const ZEBRA = '#f8fafc'

export interface InvoicePdfTheme {
  accent: string
  /** The accent at 8 % on white: boxes that must read as "important" without shouting. */
  accentTint: string
}

export function invoicePdfTheme(accentColor: string | null | undefined): InvoicePdfTheme {
  const accent = /^#[0-9a-f]{6}$/i.test(accentColor ?? '') ? accentColor!.toLowerCase() : DEFAULT_ACCENT
  return { accent, accentTint: mixWithWhite(accent, 0.08) }
}

function mixWithWhite(hex: string, weight: number): string {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16)
    return Math.round(255 - (255 - value) * weight).toString(16).padStart(2, '0')
  }
  return `#${channel(1)}${channel(3)}${channel(5)}`
}

/** Lines table: accent header row, zebra body, a hairline under every row. */
export function linesTableLayout(theme: InvoicePdfTheme): CustomTableLayout {
  return {
    hLineWidth: (i, node) => (i === 0 || i === 1 ? 0 : i === node.table.body.length ? 0.8 : 0.4),
    vLineWidth: () => 0,
    hLineColor: (i, node) => (i === node.table.body.length ? theme.accent : RULE),
    fillColor: row => (row === 0 ? theme.accent : row % 2 === 0 ? ZEBRA : null),
    paddingLeft: () => 6,
    paddingRight: () => 6,
    paddingTop: row => (row === 0 ? 6 : 5),
    paddingBottom: row => (row === 0 ? 6 : 5),
  }
}

/** Small tables (tax breakdown, dates): rules between rows only. */
export function quietTableLayout(columns: number, padding = 4): CustomTableLayout {
  return {
    hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0 : 0.4),
    vLineWidth: () => 0,
    hLineColor: () => RULE,
    paddingLeft: column => (column === 0 ? 0 : padding),
    paddingRight: column => (column === columns - 1 ? 0 : padding),
    paddingTop: () => 3,
    paddingBottom: () => 3,
  }
}
