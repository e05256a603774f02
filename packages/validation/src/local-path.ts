/**
 * Where to send someone back after signing in: `value` when it is a path of this same site
 * (read as a URL, so `//evil`, `/\evil` — browsers read `\` as `/` — and `https://evil`
 * cannot leave it), else `/`. Keeps the query and the fragment.
 */
export function localPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 2000) return '/'
  const base = 'http://same.invalid'
  try {
    const url = new URL(value, base)
    return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/'
  }
  catch {
    return '/'
  }
}
