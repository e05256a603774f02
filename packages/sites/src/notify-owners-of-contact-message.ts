import { listMemberEmails, listMemberPhones } from '@flectar/accounts'
import type { DbOrTx } from '@flectar/db'
import { emailSubject, enqueueEmail, enqueueOwnerTexts, ownerNoticeAllowed, renderEmail } from '@flectar/messaging'
import type { Project } from './project-scope'

export interface ContactMessage {
  name: string
  email: string
  phone?: string
  message: string
  pagePath: string
}

/**
 * Tells the org's owners and admins (as booking notices do) that a visitor wrote, inside the
 * transaction that stored the message: who, how to reach them, what they wrote, and the admin's
 * conversation in the inbox. Replying answers the visitor (reply-to), not the platform's
 * no-reply sender. Operational (P22); none when the project switched new-message notices off.
 */
export async function notifyOwnersOfContactMessage(tx: DbOrTx, project: Pick<Project, 'id' | 'orgId' | 'name'>, contact: ContactMessage, inboxUrl: string) {
  if (!await ownerNoticeAllowed(tx, project.id, 'newMessage')) return
  const recipients = await listMemberEmails(tx, project.orgId, ['owner', 'admin'])
  const details = [`Name: ${contact.name}`, `Email: ${contact.email}`, contact.phone ? `Phone: ${contact.phone}` : ''].filter(Boolean).join('\n')
  const { html, text } = renderEmail({
    heading: `New message from ${contact.name}`,
    preheader: contact.message.slice(0, 120),
    paragraphs: [
      `Someone wrote to ${project.name} with the contact form on ${contact.pagePath}.`,
      details,
      `Message:\n${contact.message}`,
      'Reply to this email to answer them.',
    ],
    action: { label: 'Open the conversation', url: inboxUrl },
    footer: `You get this email as an owner or admin of ${project.name}.`,
    brandName: project.name,
  })
  for (const recipient of recipients) {
    await enqueueEmail(tx, {
      to: recipient, replyTo: contact.email, subject: emailSubject(`New message from ${contact.name} — ${project.name}`), text, html,
      template: 'sites.contact_message', orgId: project.orgId, projectId: project.id,
    })
  }
  await enqueueOwnerTexts(tx, { orgId: project.orgId, projectId: project.id }, () => listMemberPhones(tx, project.orgId, ['owner', 'admin']),
    `${project.name}: new message from ${contact.name} through the contact form. ${inboxUrl}`, 'sites.contact_message')
}
