import { z } from 'zod'
import { defineBlock } from '../block-definition'
import { choice, optionalText, requiredText } from '../fields'

/**
 * A plain HTML form posting to `/api/forms/contact` (fields `blockId`, `pagePath`, `name`,
 * `email`, `phone`, `message` and the honeypot `website`; `cf-turnstile-response` when the
 * project has Turnstile on). The server answers with a redirect back to the page carrying
 * `?sent=1` or `?error=<reason>`.
 */
export const contactFormBlockSchema = z.object({
  heading: optionalText(120),
  intro: optionalText(500),
  phone: choice(['hidden', 'optional', 'required'], 'hidden'),
  nameLabel: requiredText('Add the label', 60).default('Name'),
  emailLabel: requiredText('Add the label', 60).default('Email'),
  phoneLabel: requiredText('Add the label', 60).default('Phone'),
  messageLabel: requiredText('Add the label', 60).default('Message'),
  submitLabel: requiredText('Add the button text', 40).default('Send message'),
  successMessage: requiredText('Add the thank-you message', 300).default('Thank you, your message has been sent. We will reply as soon as we can.'),
  errorMessage: requiredText('Add the error message', 300).default('Your message could not be sent. Check the fields and try again in a moment.'),
  privacyNote: optionalText(400),
})

export type ContactFormContent = z.output<typeof contactFormBlockSchema>

/** The action every contact form posts to; `apps/site` implements it. */
export const CONTACT_FORM_ACTION = '/api/forms/contact'
/** The hidden field bots fill in and people never see. */
export const CONTACT_FORM_HONEYPOT = 'website'
/**
 * What the site's page provides (Vue `provide`) when its project has Turnstile on: the site key
 * the form's widget shows. The page adds Cloudflare's script; the editor's preview provides none.
 */
export const CONTACT_FORM_TURNSTILE_SITE_KEY = 'flectar:contact-form-turnstile-site-key'

export const contactForm = defineBlock({
  type: 'contactForm',
  label: 'Contact form',
  description: 'Name, email and message (phone optional). Messages are stored for you to answer.',
  icon: 'i-lucide-mail',
  category: 'interactive',
  schema: contactFormBlockSchema,
  defaults: (): ContactFormContent => ({
    heading: 'Send us a message',
    intro: 'We usually reply within one working day.',
    phone: 'hidden',
    nameLabel: 'Name',
    emailLabel: 'Email',
    phoneLabel: 'Phone',
    messageLabel: 'Message',
    submitLabel: 'Send message',
    successMessage: 'Thank you, your message has been sent. We will reply as soon as we can.',
    errorMessage: 'Your message could not be sent. Check the fields and try again in a moment.',
    privacyNote: '',
  }),
  fields: [
    { name: 'heading', label: 'Heading', kind: 'text' },
    { name: 'intro', label: 'Introduction', kind: 'textarea' },
    {
      name: 'phone',
      label: 'Phone field',
      kind: 'select',
      options: [
        { value: 'hidden', label: 'Do not ask' },
        { value: 'optional', label: 'Optional' },
        { value: 'required', label: 'Required' },
      ],
    },
    { name: 'nameLabel', label: 'Name label', kind: 'text', required: true },
    { name: 'emailLabel', label: 'Email label', kind: 'text', required: true },
    { name: 'phoneLabel', label: 'Phone label', kind: 'text', required: true },
    { name: 'messageLabel', label: 'Message label', kind: 'text', required: true },
    { name: 'submitLabel', label: 'Button text', kind: 'text', required: true },
    { name: 'successMessage', label: 'Shown after sending', kind: 'textarea', required: true },
    { name: 'errorMessage', label: 'Shown when sending failed', kind: 'textarea', required: true },
    { name: 'privacyNote', label: 'Privacy note', kind: 'textarea', help: 'E.g. how long you keep messages; shown under the button.' },
  ],
  interactive: true,
})
