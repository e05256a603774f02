import { describe, expect, it } from 'vitest'
import { extractReplyText } from './extract-reply-text'

describe('extractReplyText', () => {
  it('cuts a Gmail reply in English at "On … wrote:"', () => {
    const text = [
      'Yes, 10:00 works for me.',
      '',
      'Thanks!',
      'Ana',
      '',
      'On Mon, Jan 15, 2027 at 9:00 AM Shop <no-reply@shop.test> wrote:',
      '',
      '> Your booking is confirmed for Tuesday.',
      '> See you soon.',
    ].join('\r\n')
    expect(extractReplyText(text)).toBe('Yes, 10:00 works for me.\n\nThanks!\nAna')
  })

  it('cuts a Gmail attribution folded over two lines', () => {
    const text = 'Perfect.\n\nOn Mon, Jan 15, 2027 at 9:00 AM Peluquería Centro Histórico <\nno-reply@shop.test> wrote:\n\n> Hello'
    expect(extractReplyText(text)).toBe('Perfect.')
  })

  it('cuts a Gmail reply in Spanish at "El … escribió:"', () => {
    const text = [
      '¿Podemos pasarlo a las 11?',
      '',
      'El lun, 15 ene 2027 a las 9:00, Peluquería (<no-reply@shop.test>) escribió:',
      '> Tu cita está confirmada.',
    ].join('\n')
    expect(extractReplyText(text)).toBe('¿Podemos pasarlo a las 11?')
  })

  it('cuts an Apple Mail reply ("On 15 Jan 2027, at 09:00, … wrote:")', () => {
    expect(extractReplyText('See you then\n\nSent from my iPhone\n\nOn 15 Jan 2027, at 09:00, Shop <no-reply@shop.test> wrote:\n\n> Hi'))
      .toBe('See you then\n\nSent from my iPhone')
  })

  it('cuts an Outlook reply at the underscore rule and its From:/Sent: block', () => {
    const text = [
      'Please cancel my appointment.',
      '',
      'Luis',
      '________________________________',
      'From: Shop <no-reply@shop.test>',
      'Sent: Monday, January 15, 2027 9:00 AM',
      'To: Luis <luis@example.com>',
      'Subject: Your booking',
      '',
      'Your booking is confirmed.',
    ].join('\r\n')
    expect(extractReplyText(text)).toBe('Please cancel my appointment.\n\nLuis')
  })

  it('cuts a Spanish Outlook block without a rule (De:/Enviado:)', () => {
    const text = 'Gracias.\n\nDe: Tienda <no-reply@shop.test>\nEnviado: lunes, 15 de enero de 2027 9:00\nPara: Luis\nAsunto: Tu cita\n\nConfirmada.'
    expect(extractReplyText(text)).toBe('Gracias.')
  })

  it('cuts at -----Original Message-----', () => {
    const text = 'Got it.\n\n-----Original Message-----\nFrom: Shop\nSent: today\n\nOld text'
    expect(extractReplyText(text)).toBe('Got it.')
    expect(extractReplyText('Recibido.\n\n----- Mensaje original -----\nDe: Tienda')).toBe('Recibido.')
  })

  it('drops > quoted lines between new ones', () => {
    const text = '> Can you come at 10?\nYes.\n> And bring the form?\nOf course.'
    expect(extractReplyText(text)).toBe('Yes.\nOf course.')
  })

  it('keeps a plain message whole, and gives empty text for a reply that is all history', () => {
    expect(extractReplyText('Hello,\n\nI would like to book a table.\n')).toBe('Hello,\n\nI would like to book a table.')
    expect(extractReplyText('On Mon, Jan 15, 2027 Shop wrote:\n> Hi')).toBe('')
    expect(extractReplyText('')).toBe('')
  })

  it('does not cut at a sentence that merely starts with "On" or mentions From:', () => {
    const text = 'On Tuesday I can come.\nFrom: the office, I will call you.\nAna'
    expect(extractReplyText(text)).toBe(text)
  })
})
