/**
 * The few words blocks show that are not content (lightbox controls, star ratings), per
 * language. Everything an editor might want to word differently is block content instead.
 */
export interface UiStrings {
  close: string
  previous: string
  next: string
  /** `{n}` and `{total}` are replaced. */
  imageOf: string
  /** `{n}` is replaced. */
  rating: string
}

const STRINGS: Record<string, UiStrings> = {
  en: { close: 'Close', previous: 'Previous image', next: 'Next image', imageOf: 'Image {n} of {total}', rating: '{n} out of 5 stars' },
  es: { close: 'Cerrar', previous: 'Imagen anterior', next: 'Imagen siguiente', imageOf: 'Imagen {n} de {total}', rating: '{n} de 5 estrellas' },
  ca: { close: 'Tanca', previous: 'Imatge anterior', next: 'Imatge següent', imageOf: 'Imatge {n} de {total}', rating: '{n} de 5 estrelles' },
  de: { close: 'Schließen', previous: 'Vorheriges Bild', next: 'Nächstes Bild', imageOf: 'Bild {n} von {total}', rating: '{n} von 5 Sternen' },
  fr: { close: 'Fermer', previous: 'Image précédente', next: 'Image suivante', imageOf: 'Image {n} sur {total}', rating: '{n} étoiles sur 5' },
  it: { close: 'Chiudi', previous: 'Immagine precedente', next: 'Immagine successiva', imageOf: 'Immagine {n} di {total}', rating: '{n} stelle su 5' },
  pt: { close: 'Fechar', previous: 'Imagem anterior', next: 'Imagem seguinte', imageOf: 'Imagem {n} de {total}', rating: '{n} de 5 estrelas' },
  nl: { close: 'Sluiten', previous: 'Vorige afbeelding', next: 'Volgende afbeelding', imageOf: 'Afbeelding {n} van {total}', rating: '{n} van 5 sterren' },
}

/** Strings for a locale (`es-MX` uses `es`), English when the language is not covered. */
export function uiStrings(locale: string | undefined): UiStrings {
  const language = (locale ?? 'en').toLowerCase().split(/[-_]/)[0] ?? 'en'
  return STRINGS[language] ?? STRINGS.en!
}

/** Replaces `{name}` placeholders. */
export function fillPlaceholders(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match))
}
