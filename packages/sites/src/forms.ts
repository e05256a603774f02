import { z } from 'zod'
import { multiLineText, plainText, singleLineText } from '@flectar/validation'
import type { DbOrTx } from '@flectar/db'
import { recordInboundMessage } from '@flectar/messaging'
import { notifyOwnersOfContactMessage } from './notify-owners-of-contact-message'
import type { Project } from './project-scope'
import { requestPathSchema } from './slugs'

export const contactFormSchema = z.object({
  blockId: plainText({ min: 1, max: 100 }),
  pagePath: requestPathSchema(300),
  name: singleLineText({ min: 1, max: 200, required: 'Enter your name' }),
  email: z.email('Enter a valid email address').max(254),
  phone: singleLineText({ max: 40 }).optional(),
  message: multiLineText({ min: 1, max: 5000, required: 'Write a message' }),
  /** Honeypot: people never see it, bots fill it. */
  website: z.string().max(2000).optional(),
})

export interface ContactFormEnv {
  /** The admin app's inbox, on this message's conversation, linked from the owners' email. */
  inboxUrl: (conversationId: string) => string
}

/**
 * Files a contact-form message in the customer's conversation of the project's inbox (the
 * customer found by email, else created), with every field the visitor filled in, and emails
 * the owners and admins in the same transaction. A filled honeypot is a bot: its post is
 * validated like any other, then nothing is stored or sent (undefined), and the caller answers
 * as if it worked.
 */
export async function submitContactForm(db: DbOrTx, project: Pick<Project, 'id' | 'orgId' | 'name'>, input: z.output<typeof contactFormSchema>, env: ContactFormEnv) {
  const { blockId, pagePath, website: honeypot, ...fields } = input
  if (honeypot) return undefined
  // A field left empty (an optional phone) is not stored as "".
  const data = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== '')) as Record<string, string>
  return await db.transaction(async (tx) => {
    const recorded = await recordInboundMessage(tx, { orgId: project.orgId, projectId: project.id }, {
      channel: 'form',
      from: { name: fields.name, email: fields.email, phone: data.phone },
      body: fields.message,
      fields: { ...data, page: pagePath, block: blockId },
    })
    await notifyOwnersOfContactMessage(tx, project, { name: fields.name, email: fields.email, phone: data.phone, message: fields.message, pagePath }, env.inboxUrl(recorded.conversationId))
    return { id: recorded.messageId, conversationId: recorded.conversationId }
  })
}
