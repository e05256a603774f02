import { eq } from 'drizzle-orm'
import { listMemberEmails, listMemberPhones } from '@flectar/accounts'
import { customers, projects, type DbOrTx } from '@flectar/db'
import { emailSubject, enqueueEmail, enqueueOwnerTexts, ownerNoticeAllowed, renderEmail, type ProjectScope, type RecordedInbound } from '@flectar/messaging'

const CHANNEL_NAMES = { email: 'email', sms: 'SMS', whatsapp: 'WhatsApp', form: 'the contact form' } as const

/**
 * Tells the org's owners and admins that a customer wrote by email, SMS or WhatsApp: once per
 * burst (when the conversation goes from read to one unread message), so a chat of twenty
 * messages is one email, not twenty, and none when the project switched these notices off.
 * Operational (P22); the text stays in the inbox.
 */
export async function notifyOwnersOfMessage(tx: DbOrTx, recorded: RecordedInbound & ProjectScope, channel: keyof typeof CHANNEL_NAMES, inboxUrl: string) {
  if (recorded.unreadCount !== 1) return
  if (!await ownerNoticeAllowed(tx, recorded.projectId, 'newMessage')) return
  const [row] = await tx.select({ projectName: projects.name, customerName: customers.name }).from(customers)
    .innerJoin(projects, eq(projects.id, customers.projectId)).where(eq(customers.id, recorded.customerId))
  if (!row) return
  const { html, text } = renderEmail({
    heading: `New message from ${row.customerName}`,
    paragraphs: [`${row.customerName} wrote to ${row.projectName} on ${CHANNEL_NAMES[channel]}. Read and answer it in the inbox.`],
    action: { label: 'Open the conversation', url: inboxUrl },
    footer: `You get this email as an owner or admin of ${row.projectName}.`,
    brandName: row.projectName,
  })
  for (const recipient of await listMemberEmails(tx, recorded.orgId, ['owner', 'admin'])) {
    await enqueueEmail(tx, {
      to: recipient, subject: emailSubject(`New message from ${row.customerName} — ${row.projectName}`), text, html,
      template: 'inbox.new_message', orgId: recorded.orgId, projectId: recorded.projectId,
    })
  }
  await enqueueOwnerTexts(tx, { orgId: recorded.orgId, projectId: recorded.projectId }, () => listMemberPhones(tx, recorded.orgId, ['owner', 'admin']),
    `${row.projectName}: new message from ${row.customerName} on ${CHANNEL_NAMES[channel]}. ${inboxUrl}`, 'inbox.new_message')
}
