// The curated fonts a theme can choose, served by the site from its own origin under
// `/_fonts/` (apps/site copies the woff2 files of the @fontsource-variable packages into its
// build): a visitor's browser asks no third party for a font.

export const FONT_KEYS = ['system', 'inter', 'dm-sans', 'space-grotesk', 'fraunces', 'playfair', 'lora', 'source-serif-4'] as const
export type FontKey = typeof FONT_KEYS[number]

export interface FontChoice {
  label: string
  category: 'sans' | 'serif'
  /** The CSS stack: the self-hosted face first, then similar system fonts. */
  stack: string
  /** The @fontsource-variable package and its file prefix; none for the visitor's own UI font. */
  files?: { package: string, prefix: string, weights: string, italic: boolean }
}

const SANS = 'ui-sans-serif, system-ui, sans-serif'
const SERIF = 'ui-serif, Georgia, Cambria, serif'

export const FONTS: Record<FontKey, FontChoice> = {
  'system': { label: 'System UI', category: 'sans', stack: 'ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
  'inter': { label: 'Inter', category: 'sans', stack: `"Inter", ${SANS}`, files: { package: '@fontsource-variable/inter', prefix: 'inter', weights: '100 900', italic: true } },
  'dm-sans': { label: 'DM Sans', category: 'sans', stack: `"DM Sans", ${SANS}`, files: { package: '@fontsource-variable/dm-sans', prefix: 'dm-sans', weights: '100 1000', italic: true } },
  'space-grotesk': { label: 'Space Grotesk', category: 'sans', stack: `"Space Grotesk", ${SANS}`, files: { package: '@fontsource-variable/space-grotesk', prefix: 'space-grotesk', weights: '300 700', italic: false } },
  'fraunces': { label: 'Fraunces', category: 'serif', stack: `"Fraunces", ${SERIF}`, files: { package: '@fontsource-variable/fraunces', prefix: 'fraunces', weights: '100 900', italic: true } },
  'playfair': { label: 'Playfair Display', category: 'serif', stack: `"Playfair Display", ${SERIF}`, files: { package: '@fontsource-variable/playfair-display', prefix: 'playfair-display', weights: '400 900', italic: true } },
  'lora': { label: 'Lora', category: 'serif', stack: `"Lora", ${SERIF}`, files: { package: '@fontsource-variable/lora', prefix: 'lora', weights: '400 700', italic: true } },
  'source-serif-4': { label: 'Source Serif 4', category: 'serif', stack: `"Source Serif 4", ${SERIF}`, files: { package: '@fontsource-variable/source-serif-4', prefix: 'source-serif-4', weights: '200 900', italic: true } },
}

/** Where the site serves the font files. */
export const FONT_BASE_URL = '/_fonts'

// The two subsets every template language needs (en, es, ca, de, fr, it, pt, nl); the browser
// downloads a file only when the page has a character in its range.
const SUBSETS = {
  'latin': 'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD',
  'latin-ext': 'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF',
} as const

/** The family name a stack starts with ("Inter"), as the @font-face rules declare it. */
function familyOf(font: FontChoice): string {
  return font.stack.slice(1, font.stack.indexOf('"', 1))
}

/**
 * `@font-face` rules for the fonts chosen (each once), pointing at the site's own `/_fonts/`.
 * Only fixed keys reach this, so the output is safe to inline in a `<style>`.
 */
export function fontFaceCss(keys: readonly FontKey[]): string {
  const rules: string[] = []
  for (const key of new Set(keys)) {
    const font = FONTS[key]
    if (!font.files) continue
    const styles = font.files.italic ? ['normal', 'italic'] as const : ['normal'] as const
    for (const style of styles) {
      for (const [subset, range] of Object.entries(SUBSETS)) {
        rules.push(`@font-face{font-family:"${familyOf(font)}";font-style:${style};font-display:swap;font-weight:${font.files.weights};`
          + `src:url(${FONT_BASE_URL}/${font.files.prefix}-${subset}-wght-${style}.woff2) format("woff2-variations");unicode-range:${range}}`)
      }
    }
  }
  return rules.join('')
}
