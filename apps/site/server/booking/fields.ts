// The booking forms' fields are named like the API's 422 `fields` keys (`customer.email`,
// `answers.<id>`, `couponCode`, `start`), so an error from either side lands on its input.

export type BookingStepKey = 'service' | 'extras' | 'time' | 'details' | 'review'

/** The input's element id for a field key. */
export function bookingFieldId(key: string): string {
  return `bk-${key.replace(/[^\w-]/g, '-')}`
}

/** The step whose form holds a field. */
export function stepOfField(key: string): BookingStepKey {
  if (key.startsWith('customer') || key.startsWith('answers')) return 'details'
  if (key.startsWith('extras')) return 'extras'
  if (key === 'start' || key === 'resourceId' || key === 'timeZone') return 'time'
  if (key === 'serviceId') return 'service'
  return 'review'
}

const SUBJECTS: Record<string, string> = {
  'customer.name': 'Your name',
  'customer.email': 'The email address',
  'customer.phone': 'The phone number',
  'couponCode': 'This coupon',
  'start': 'This time',
  'serviceId': 'This service',
}

/** The API's "must be an email address" as a sentence: "The email address must be an email address." */
export function fieldErrorSentence(key: string, message: string | undefined, subjectOverride?: string): string {
  if (!message) return ''
  const subject = subjectOverride ?? SUBJECTS[key] ?? (key.startsWith('answers.') ? 'An answer' : 'This')
  const text = /^[a-z]/.test(message) ? `${subject} ${message}` : message
  return /[.!?]$/.test(text) ? text : `${text}.`
}
