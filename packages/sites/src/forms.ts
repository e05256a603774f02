import { z } from 'zod'
import { formSubmissions, type DbOrTx } from '@flectar/db'
import { parseInput } from '@flectar/errors'

export const contactFormSchema = z.object({
  blockId: z.string().min(1).max(100),
  pagePath: z.string().startsWith('/').max(300),
  name: z.string().trim().min(1, 'Enter your name').max(200),
  email: z.email('Enter a valid email address').max(254),
  phone: z.string().trim().max(40).optional(),
  message: z.string().trim().min(1, 'Write a message').max(5000),
  /** Honeypot: people never see it, bots fill it. */
  website: z.string().max(0).optional(),
})

/** Stores a contact-form message for the project (the inbox takes these over later). */
export async function submitContactForm(db: DbOrTx, project: { id: string, orgId: string }, input: unknown) {
  const { blockId, pagePath, website: _honeypot, ...data } = parseInput(contactFormSchema, input)
  const clean = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)) as Record<string, string>
  const [row] = await db.insert(formSubmissions).values({ orgId: project.orgId, projectId: project.id, blockId, pagePath, data: clean }).returning({ id: formSubmissions.id })
  return row!
}
