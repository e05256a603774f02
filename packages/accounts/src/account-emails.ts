import type { DbOrTx } from '@flectar/db'
import { emailSubject, enqueueEmail, renderEmail } from '@flectar/messaging'
import type { AccountsEnv } from './context'

interface AccountEmail {
  to: string
  orgId?: string
  template: string
  subject: string
  heading: string
  paragraphs: string[]
  action?: { label: string, path: string }
}

/** Renders a branded account email and puts it in the outbox, inside the caller's transaction. */
async function queueAccountEmail(db: DbOrTx, env: AccountsEnv, email: AccountEmail) {
  const action = email.action ? { label: email.action.label, url: new URL(email.action.path, env.adminUrl).toString() } : undefined
  const { html, text } = renderEmail({ heading: email.heading, paragraphs: email.paragraphs, action })
  // Subjects hold names (an inviter, an org) that may hold a newline from before validation.
  await enqueueEmail(db, { to: email.to, subject: emailSubject(email.subject), text, html, template: email.template, orgId: email.orgId })
}

export function sendVerificationEmail(db: DbOrTx, env: AccountsEnv, to: string, token: string) {
  return queueAccountEmail(db, env, {
    to,
    template: 'auth.verify_email',
    subject: 'Confirm your email for Flectar Base',
    heading: 'Confirm your email',
    paragraphs: ['Confirm this address to finish setting up your Flectar Base account. The link works once and expires in 24 hours.'],
    action: { label: 'Confirm my email', path: `/verify-email?token=${encodeURIComponent(token)}` },
  })
}

export function sendAccountExistsEmail(db: DbOrTx, env: AccountsEnv, to: string) {
  return queueAccountEmail(db, env, {
    to,
    template: 'auth.account_exists',
    subject: 'You already have a Flectar Base account',
    heading: 'You already have an account',
    paragraphs: ['Someone tried to sign up with this address, which already has an account. If it was you, sign in or reset your password. If not, you can ignore this email.'],
    action: { label: 'Sign in', path: '/sign-in' },
  })
}

export function sendPasswordResetEmail(db: DbOrTx, env: AccountsEnv, to: string, token: string) {
  return queueAccountEmail(db, env, {
    to,
    template: 'auth.reset_password',
    subject: 'Reset your Flectar Base password',
    heading: 'Reset your password',
    paragraphs: ['Use this link to choose a new password. It works once and expires in 30 minutes. If you did not ask for it, ignore this email: your password stays the same.'],
    action: { label: 'Choose a new password', path: `/reset-password?token=${encodeURIComponent(token)}` },
  })
}

/** `returnTo`: a local path the link opens once signed in (the page that asked for sign-in). */
export function sendMagicLinkEmail(db: DbOrTx, env: AccountsEnv, to: string, token: string, returnTo?: string) {
  const back = returnTo && returnTo !== '/' ? `&redirect=${encodeURIComponent(returnTo)}` : ''
  return queueAccountEmail(db, env, {
    to,
    template: 'auth.magic_link',
    subject: 'Your Flectar Base sign-in link',
    heading: 'Sign in to Flectar Base',
    paragraphs: ['Use this link to sign in. It works once and expires in 15 minutes. If you did not ask for it, ignore this email.'],
    action: { label: 'Sign in', path: `/magic-link?token=${encodeURIComponent(token)}${back}` },
  })
}

export function sendPasswordChangedEmail(db: DbOrTx, env: AccountsEnv, to: string) {
  return queueAccountEmail(db, env, {
    to,
    template: 'auth.password_changed',
    subject: 'Your Flectar Base password was changed',
    heading: 'Your password was changed',
    paragraphs: ['The password of your account was just changed and your other sessions were signed out. If this was not you, reset your password now.'],
    action: { label: 'Reset my password', path: '/forgot-password' },
  })
}

export function sendInvitationEmail(db: DbOrTx, env: AccountsEnv, input: { to: string, orgId: string, orgName: string, inviterName: string, role: string, token: string }) {
  return queueAccountEmail(db, env, {
    to: input.to,
    orgId: input.orgId,
    template: 'org.invitation',
    subject: `${input.inviterName} invited you to ${input.orgName} on Flectar Base`,
    heading: `Join ${input.orgName}`,
    paragraphs: [`${input.inviterName} invited you to join ${input.orgName} as ${input.role === 'admin' ? 'an' : 'a'} ${input.role}. The invitation expires in 7 days.`],
    action: { label: 'Accept the invitation', path: `/invitations/${encodeURIComponent(input.token)}` },
  })
}

export function sendGoogleLinkedEmail(db: DbOrTx, env: AccountsEnv, to: string) {
  return queueAccountEmail(db, env, {
    to,
    template: 'auth.google_linked',
    subject: 'Google sign-in was added to your Flectar Base account',
    heading: 'You can now sign in with Google',
    paragraphs: ['Your Google account, which has this same verified address, was just linked to your Flectar Base account and used to sign in. If this was not you, reset your password and check your Google account.'],
    action: { label: 'Review my sessions', path: '/account/security' },
  })
}

export function sendEmailChangeConfirmation(db: DbOrTx, env: AccountsEnv, to: string, token: string) {
  return queueAccountEmail(db, env, {
    to,
    template: 'auth.change_email',
    subject: 'Confirm your new email for Flectar Base',
    heading: 'Confirm your new email',
    paragraphs: ['Confirm this address to make it the email of your Flectar Base account. Until you do, your account keeps its current email. The link works once and expires in 24 hours.'],
    action: { label: 'Confirm my new email', path: `/confirm-email?token=${encodeURIComponent(token)}` },
  })
}

/** `ana@example.com` -> `a***@example.com`: enough to recognise, not to harvest. */
function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@')
  return `${local.slice(0, 1)}***@${domain}`
}

export function sendEmailChangeNotice(db: DbOrTx, env: AccountsEnv, to: string, newEmail: string) {
  return queueAccountEmail(db, env, {
    to,
    template: 'auth.email_change_requested',
    subject: 'Your Flectar Base email is about to change',
    heading: 'Your email is about to change',
    paragraphs: [
      `Someone signed in to your account asked to change its email to ${maskEmail(newEmail)}. The change happens only when the link sent to that address is opened.`,
      'If this was not you, reset your password now: it cancels the change and signs out every session.',
    ],
    action: { label: 'Reset my password', path: '/forgot-password' },
  })
}

/** To the owner of an address another account tried to switch to: that account got no link. */
export function sendEmailInUseNotice(db: DbOrTx, env: AccountsEnv, to: string) {
  return queueAccountEmail(db, env, {
    to,
    template: 'auth.email_in_use',
    subject: 'Someone tried to use your email on Flectar Base',
    heading: 'Your email stays with your account',
    paragraphs: [
      'Someone signed in to another Flectar Base account asked to change its email to this address. It already belongs to your account, so no link was sent and nothing changed.',
      'You do not need to do anything. If you wanted to move to the other account, sign in to this one and change its email first.',
    ],
    action: { label: 'Sign in', path: '/sign-in' },
  })
}
