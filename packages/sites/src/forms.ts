import { z } from 'zod'
import { multiLineText, plainText, singleLineText } from '@flectar/validation'
import { formSubmissions, type DbOrTx } from '@flectar/db'
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

/**
 * Stores a contact-form message for the project (the inbox takes these over later). A filled
 * honeypot is a bot: its post is validated like any other, then nothing is stored (undefined),
 * and the caller answers as if it worked.
 */
export async function submitContactForm(db: DbOrTx, project: { id: string, orgId: string }, input: z.output<typeof contactFormSchema>) {
  const { blockId, pagePath, website: honeypot, ...data } = input
  if (honeypot) return undefined
  const clean = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)) as Record<string, string>
  const [row] = await db.insert(formSubmissions).values({ orgId: project.orgId, projectId: project.id, blockId, pagePath, data: clean }).returning({ id: formSubmissions.id })
  return row!
}
