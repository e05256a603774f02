import { outboxMessages, type DbOrTx } from '@flectar/db'
import { validateEmailInput, type EmailInput } from './validate-email-input'

/**
 * Puts an email in the outbox as `pending`; `deliverPendingMessages` sends it later.
 * Pass the caller's transaction as `db` to make "change something + send an email" atomic:
 * on rollback the email is never sent. Throws `EmailValidationError` for bad input.
 */
export async function enqueueEmail(db: DbOrTx, input: EmailInput): Promise<{ id: string }> {
  const email = validateEmailInput(input)
  const [row] = await db
    .insert(outboxMessages)
    .values({
      channel: 'email',
      status: 'pending',
      to: email.to,
      replyTo: email.replyTo,
      subject: email.subject,
      text: email.text,
      html: email.html,
      template: email.template,
      orgId: email.orgId,
      projectId: email.projectId,
      attachments: email.attachments,
    })
    .returning({ id: outboxMessages.id })
  return { id: row!.id }
}
