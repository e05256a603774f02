import { describe, expect, it } from 'vitest'
import { parseResendEvent, RESEND_DELIVERY_EVENT_TYPES } from './resend-event'
import { ResendWebhookError } from './resend-webhook-error'

const CREATED = '2027-01-15T08:00:00.123456+00:00'

// Shapes as resend 6.38's webhook-event.interface types them (BaseEmailEventData, ReceivedEmailEventData).
const baseData = {
  email_id: '4ef9a417-02e9-4d39-ad75-9611e0fcc33c',
  created_at: CREATED,
  from: 'Shop <no-reply@shop.test>',
  to: ['ana@example.com'],
  subject: 'Your booking',
  message_id: '<4ef9a417@shop.test>',
  tags: { outbox: 'm_1' },
}

const receivedBody = {
  type: 'email.received',
  created_at: CREATED,
  data: {
    email_id: '56761188-7520-42d8-8898-ff6fc54ce618',
    created_at: CREATED,
    from: 'Ana López <ana@example.com>',
    to: ['reply+b_42@in.shop.test'],
    bcc: [],
    cc: ['luis@example.com'],
    received_for: ['reply+b_42@in.shop.test'],
    message_id: '<CAF=abc@mail.gmail.com>',
    subject: 'Re: Your booking',
    attachments: [{ id: 'att_1', filename: 'photo.jpg', content_type: 'image/jpeg', content_disposition: 'attachment', content_id: null }],
  },
}

function reason(json: unknown): string | undefined {
  try {
    parseResendEvent(json)
    return undefined
  }
  catch (error) {
    expect(error).toBeInstanceOf(ResendWebhookError)
    return (error as ResendWebhookError).reason
  }
}

describe('parseResendEvent', () => {
  it('reads email.received metadata', () => {
    expect(parseResendEvent(receivedBody)).toEqual({
      type: 'email.received',
      createdAt: CREATED,
      data: {
        emailId: '56761188-7520-42d8-8898-ff6fc54ce618',
        from: 'Ana López <ana@example.com>',
        to: ['reply+b_42@in.shop.test'],
        cc: ['luis@example.com'],
        bcc: [],
        receivedFor: ['reply+b_42@in.shop.test'],
        subject: 'Re: Your booking',
        messageId: '<CAF=abc@mail.gmail.com>',
        attachments: [{ id: 'att_1', filename: 'photo.jpg', contentType: 'image/jpeg', contentDisposition: 'attachment', contentId: null }],
      },
    })
  })

  it('reads an email.received with the optional lists and texts missing or null', () => {
    const { cc: _cc, bcc: _bcc, received_for: _for, attachments: _attachments, ...sparse } = receivedBody.data
    const event = parseResendEvent({ ...receivedBody, data: { ...sparse, subject: null, message_id: null, to: 'reply@in.shop.test' } })
    expect(event).toMatchObject({ type: 'email.received', data: { to: ['reply@in.shop.test'], cc: [], bcc: [], receivedFor: [], subject: '', messageId: null, attachments: [] } })
  })

  it.each(RESEND_DELIVERY_EVENT_TYPES)('reads %s', (type) => {
    expect(parseResendEvent({ type, created_at: CREATED, data: baseData })).toEqual({
      type,
      createdAt: CREATED,
      data: { emailId: baseData.email_id, to: ['ana@example.com'] },
    })
  })

  it('keeps the bounce of email.bounced and the reason of email.failed', () => {
    const bounce = { message: 'The recipient\'s mailbox does not exist.', subType: 'General', type: 'Permanent' }
    expect(parseResendEvent({ type: 'email.bounced', created_at: CREATED, data: { ...baseData, bounce } })).toEqual({
      type: 'email.bounced',
      createdAt: CREATED,
      data: { emailId: baseData.email_id, to: ['ana@example.com'], bounce: { type: 'Permanent', subType: 'General', message: 'The recipient\'s mailbox does not exist.' } },
    })
    expect(parseResendEvent({ type: 'email.failed', created_at: CREATED, data: { ...baseData, failed: { reason: 'reached_daily_quota' } } }))
      .toMatchObject({ data: { failed: { reason: 'reached_daily_quota' } } })
  })

  it('does not fail a bounce over a malformed bounce object', () => {
    expect(parseResendEvent({ type: 'email.bounced', created_at: CREATED, data: { ...baseData, bounce: 'hard' } }))
      .toEqual({ type: 'email.bounced', createdAt: CREATED, data: { emailId: baseData.email_id, to: ['ana@example.com'] } })
  })

  it.each(['email.opened', 'email.clicked', 'email.scheduled', 'email.suppressed', 'contact.created', 'domain.updated', 'inbox.email.received', 'brand.new.type'])(
    'acknowledges %s as other, whatever its data',
    (type) => {
      expect(parseResendEvent({ type, created_at: CREATED, data: { anything: [1, 2] } })).toEqual({ type: 'other', rawType: type })
      expect(parseResendEvent({ type })).toEqual({ type: 'other', rawType: type })
    },
  )

  it('is bad_payload without a type, or for a type we act on without its fields', () => {
    expect(reason(null)).toBe('bad_payload')
    expect(reason('email.delivered')).toBe('bad_payload')
    expect(reason({ created_at: CREATED, data: baseData })).toBe('bad_payload')
    expect(reason({ type: '', data: baseData })).toBe('bad_payload')
    expect(reason({ type: 42 })).toBe('bad_payload')
    expect(reason({ type: 'email.delivered', created_at: CREATED })).toBe('bad_payload')
    expect(reason({ type: 'email.delivered', created_at: CREATED, data: { ...baseData, email_id: '' } })).toBe('bad_payload')
    expect(reason({ type: 'email.delivered', data: baseData })).toBe('bad_payload')
    expect(reason({ ...receivedBody, data: { ...receivedBody.data, from: undefined } })).toBe('bad_payload')
    expect(reason({ ...receivedBody, data: { ...receivedBody.data, to: [1] } })).toBe('bad_payload')
  })
})
