import { describe, expect, it } from 'vitest'
import { fillPlaceholders, uiStrings } from './ui-strings'

describe('uiStrings', () => {
  it('follows the page language, falling back to English', () => {
    expect(uiStrings('es-MX').close).toBe('Cerrar')
    expect(uiStrings('de').next).toBe('Nächstes Bild')
    expect(uiStrings('sv').close).toBe('Close')
    expect(uiStrings(undefined).close).toBe('Close')
    expect(uiStrings('ca').notFoundTitle).toBe('Aquesta pàgina no existeix')
  })

  it('fills placeholders', () => {
    expect(fillPlaceholders(uiStrings('en').imageOf, { n: 2, total: 5 })).toBe('Image 2 of 5')
    expect(fillPlaceholders('Watch on {provider} {unknown}', { provider: 'Vimeo' })).toBe('Watch on Vimeo {unknown}')
  })
})
