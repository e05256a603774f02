// Rich text here is sanitizer output (renderableBlocks): headings are bare `<h2>`–`<h4>` tags
// with no attributes, so the opening one is found by its exact tag.
const LEADING_HEADING = /^(\s*)<h([234])>([\s\S]*?)<\/h\2>/

/** Whether sanitized rich text starts with a heading. */
export function startsWithHeading(html: string): boolean {
  return LEADING_HEADING.test(html)
}

/** Sanitized rich text with its opening heading made the page's `<h1>` (unchanged when it opens otherwise). */
export function promoteLeadingHeading(html: string): string {
  return html.replace(LEADING_HEADING, '$1<h1>$3</h1>')
}
