/**
 * The text of a link as shown: a `tel:` link's spaces become no-break spaces, so a phone
 * number is never split across two lines (CSS lets an over-long one break anywhere instead).
 */
export function linkText(label: string, href: string | undefined): string {
  return href?.startsWith('tel:') ? label.replace(/ /g, '\u00A0') : label
}
