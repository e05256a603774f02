import { describe, expect, it } from 'vitest'
import { FormEncodingError, parseStripeForm } from './form-encoding'

describe('parseStripeForm', () => {
  it('rebuilds nested objects and indexed arrays from bracket keys', () => {
    const body = [
      'mode=payment',
      'line_items[0][price_data][currency]=eur',
      'line_items[0][price_data][unit_amount]=2500',
      'line_items[0][price_data][product_data][name]=Deposit%20%E2%80%94%20caf%C3%A9',
      'line_items[0][quantity]=1',
      'line_items[1][quantity]=2',
      'metadata[booking_id]=b_1',
      'expand[0]=payment_intent',
      'empty=',
    ].join('&')
    expect(parseStripeForm(body)).toEqual({
      mode: 'payment',
      line_items: [
        { price_data: { currency: 'eur', unit_amount: '2500', product_data: { name: 'Deposit — café' } }, quantity: '1' },
        { quantity: '2' },
      ],
      metadata: { booking_id: 'b_1' },
      expand: ['payment_intent'],
      empty: '',
    })
  })

  it('accepts percent-encoded brackets, orders indexes numerically and appends a[]', () => {
    expect(parseStripeForm('a%5B10%5D=ten&a%5B2%5D=two&b[]=x&b[]=y')).toEqual({ a: ['two', 'ten'], b: ['x', 'y'] })
  })

  it('keeps non-index keys as an object', () => {
    expect(parseStripeForm('metadata[0]=a&metadata[x]=b')).toEqual({ metadata: { 0: 'a', x: 'b' } })
  })

  it('returns an empty object for an empty body', () => {
    expect(parseStripeForm('')).toEqual({})
  })

  it.each([
    ['a=1&a[b]=2'],
    ['a[b]=2&a=1'],
    ['a=1&a=2'],
    ['a[b=1'],
    ['[a]=1'],
    ['__proto__[polluted]=1'],
    ['metadata[constructor][prototype]=1'],
  ])('refuses %s', (body) => {
    expect(() => parseStripeForm(body)).toThrow(FormEncodingError)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
