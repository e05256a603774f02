// A small HTML template for the server-rendered booking pages: every interpolated value is
// escaped unless it is already `Html` (the result of another `html` template or of `raw`).

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' }

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

type Interpolated = Html | string | number | boolean | null | undefined | readonly Interpolated[]

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, character => ESCAPES[character]!)
}

function render(value: Interpolated): string {
  if (value instanceof Html) return value.value
  if (Array.isArray(value)) return value.map(render).join('')
  // false, null and undefined render nothing, so `${condition && html`…`}` reads naturally.
  if (value === false || value === null || value === undefined) return ''
  return escapeHtml(String(value))
}

/** `html\`<p>${text}</p>\``: text, numbers and arrays of either are escaped; `Html` is kept. */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): Html {
  let out = strings[0]!
  values.forEach((value, index) => {
    out += render(value) + strings[index + 1]!
  })
  return new Html(out)
}

/** Markup that is already safe (generated here, never from input). */
export function raw(markup: string): Html {
  return new Html(markup)
}

/** An attribute only when it has a value: `attr('aria-describedby', ids)`. */
export function attr(name: string, value: string | number | boolean | undefined | null): Html {
  if (value === undefined || value === null || value === false || value === '') return raw('')
  return value === true ? raw(` ${name}`) : html` ${raw(name)}="${String(value)}"`
}
