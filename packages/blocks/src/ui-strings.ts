/**
 * The few words blocks and the site frame show that are not content (lightbox controls, star
 * ratings, the menu button, the 404 page), per language. Everything an editor might want to word differently is block content instead.
 */
export interface UiStrings {
  close: string
  previous: string
  next: string
  /** `{n}` and `{total}` are replaced. */
  imageOf: string
  /** `{n}` is replaced. */
  rating: string
  /** The button that opens the header navigation on a phone. */
  menu: string
  notFoundTitle: string
  notFoundText: string
  goHome: string
  /** A contact form sent back by Turnstile: solve the check again. */
  captchaFailed: string
  /** A contact form sent back because Turnstile could not be asked. */
  captchaUnavailable: string
}

const STRINGS: Record<string, UiStrings> = {
  en: { close: 'Close', previous: 'Previous image', next: 'Next image', imageOf: 'Image {n} of {total}', rating: '{n} out of 5 stars', menu: 'Menu', notFoundTitle: 'This page does not exist', notFoundText: 'The address may be mistyped, or the page has moved.', goHome: 'Go to the home page', captchaFailed: 'Please complete the check that you are a person, then send again.', captchaUnavailable: 'We could not check that you are a person just now. Please try again in a moment.' },
  es: { close: 'Cerrar', previous: 'Imagen anterior', next: 'Imagen siguiente', imageOf: 'Imagen {n} de {total}', rating: '{n} de 5 estrellas', menu: 'Menú', notFoundTitle: 'Esta página no existe', notFoundText: 'Puede que la dirección esté mal escrita o que la página se haya movido.', goHome: 'Ir a la página de inicio', captchaFailed: 'Completa la comprobación de que eres una persona y vuelve a enviarlo.', captchaUnavailable: 'Ahora mismo no hemos podido comprobar que eres una persona. Inténtalo de nuevo en un momento.' },
  ca: { close: 'Tanca', previous: 'Imatge anterior', next: 'Imatge següent', imageOf: 'Imatge {n} de {total}', rating: '{n} de 5 estrelles', menu: 'Menú', notFoundTitle: 'Aquesta pàgina no existeix', notFoundText: 'Potser l’adreça està mal escrita o la pàgina s’ha mogut.', goHome: 'Ves a la pàgina d’inici', captchaFailed: 'Completa la comprovació que ets una persona i torna-ho a enviar.', captchaUnavailable: 'Ara mateix no hem pogut comprovar que ets una persona. Torna-ho a provar d’aquí a un moment.' },
  de: { close: 'Schließen', previous: 'Vorheriges Bild', next: 'Nächstes Bild', imageOf: 'Bild {n} von {total}', rating: '{n} von 5 Sternen', menu: 'Menü', notFoundTitle: 'Diese Seite gibt es nicht', notFoundText: 'Vielleicht ist die Adresse falsch geschrieben oder die Seite wurde verschoben.', goHome: 'Zur Startseite', captchaFailed: 'Bitte bestätigen Sie, dass Sie ein Mensch sind, und senden Sie erneut.', captchaUnavailable: 'Wir konnten gerade nicht prüfen, ob Sie ein Mensch sind. Bitte versuchen Sie es gleich noch einmal.' },
  fr: { close: 'Fermer', previous: 'Image précédente', next: 'Image suivante', imageOf: 'Image {n} sur {total}', rating: '{n} étoiles sur 5', menu: 'Menu', notFoundTitle: 'Cette page n’existe pas', notFoundText: 'L’adresse est peut-être mal saisie, ou la page a été déplacée.', goHome: 'Aller à la page d’accueil', captchaFailed: 'Veuillez confirmer que vous êtes une personne, puis renvoyez le formulaire.', captchaUnavailable: 'Nous n’avons pas pu vérifier que vous êtes une personne. Réessayez dans un instant.' },
  it: { close: 'Chiudi', previous: 'Immagine precedente', next: 'Immagine successiva', imageOf: 'Immagine {n} di {total}', rating: '{n} stelle su 5', menu: 'Menu', notFoundTitle: 'Questa pagina non esiste', notFoundText: 'L’indirizzo potrebbe essere sbagliato, oppure la pagina è stata spostata.', goHome: 'Vai alla pagina iniziale', captchaFailed: 'Conferma di essere una persona, poi invia di nuovo.', captchaUnavailable: 'Al momento non è stato possibile verificare che tu sia una persona. Riprova tra poco.' },
  pt: { close: 'Fechar', previous: 'Imagem anterior', next: 'Imagem seguinte', imageOf: 'Imagem {n} de {total}', rating: '{n} de 5 estrelas', menu: 'Menu', notFoundTitle: 'Esta página não existe', notFoundText: 'O endereço pode estar mal escrito, ou a página mudou de lugar.', goHome: 'Ir para a página inicial', captchaFailed: 'Confirme que é uma pessoa e volte a enviar.', captchaUnavailable: 'Não foi possível confirmar agora que é uma pessoa. Tente novamente dentro de momentos.' },
  nl: { close: 'Sluiten', previous: 'Vorige afbeelding', next: 'Volgende afbeelding', imageOf: 'Afbeelding {n} van {total}', rating: '{n} van 5 sterren', menu: 'Menu', notFoundTitle: 'Deze pagina bestaat niet', notFoundText: 'Misschien is het adres verkeerd getypt, of is de pagina verplaatst.', goHome: 'Naar de startpagina', captchaFailed: 'Bevestig dat u een mens bent en verstuur het opnieuw.', captchaUnavailable: 'We konden nu niet controleren of u een mens bent. Probeer het zo opnieuw.' },
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
