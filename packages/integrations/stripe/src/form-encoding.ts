/**
 * Parses a Stripe v1 form body (application/x-www-form-urlencoded with bracket keys, as the SDK
 * writes it: `metadata[booking_id]=b_1&line_items[0][price_data][currency]=eur`) back into nested
 * objects. Objects whose keys are all indexes become arrays; `a[]=x` appends. Values stay strings:
 * the fake converts the ones it reads. Throws FormEncodingError on keys that contradict each
 * other (`a=1&a[b]=2`) or that would reach an object's prototype.
 */
export function parseStripeForm(body: string): Record<string, unknown> {
  const root: FormNode = new Map()
  for (const [key, value] of new URLSearchParams(body)) {
    const path = keyPath(key)
    let node = root
    for (const [index, segment] of path.entries()) {
      const name = segment === '' ? String(node.size) : segment
      if (index === path.length - 1) {
        if (node.has(name)) throw new FormEncodingError(`parameter ${key} is given more than once or conflicts with another`)
        node.set(name, value)
        break
      }
      let child = node.get(name)
      if (child === undefined) {
        child = new Map()
        node.set(name, child)
      }
      if (typeof child === 'string') throw new FormEncodingError(`parameter ${key} conflicts with another`)
      node = child
    }
  }
  return toPlain(root) as Record<string, unknown>
}

export class FormEncodingError extends Error {
  override readonly name = 'FormEncodingError'
}

type FormNode = Map<string, FormNode | string>

const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype'])

function keyPath(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key)
  if (match === null) throw new FormEncodingError(`malformed parameter name ${JSON.stringify(key.slice(0, 100))}`)
  const segments = [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map(part => part[1]!)]
  if (segments.some(segment => FORBIDDEN_SEGMENTS.has(segment))) throw new FormEncodingError('forbidden parameter name')
  return segments
}

function toPlain(node: FormNode | string): unknown {
  if (typeof node === 'string') return node
  const keys = [...node.keys()]
  const isList = keys.length > 0 && keys.every(key => /^(?:0|[1-9]\d{0,5})$/.test(key))
  if (isList) {
    return keys.map(Number).sort((a, b) => a - b).map(index => toPlain(node.get(String(index))!))
  }
  const plain: Record<string, unknown> = {}
  for (const [key, value] of node) plain[key] = toPlain(value)
  return plain
}
