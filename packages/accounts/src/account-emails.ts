import type { DbOrTx } from '@flectar/db'
import { enqueueEmail, renderEmail } from '@flectar/messaging'
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
  await enqueueEmail(db, { to: email.to, subject: email.subject, text, html, template: email.template, orgId: email.orgId })
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

export function sendMagicLinkEmail(db: DbOrTx, env: AccountsEnv, to: string, token: string) {
  return queueAccountEmail(db, env, {
    to,
    template: 'auth.magic_link',
    subject: 'Your Flectar Base sign-in link',
    heading: 'Sign in to Flectar Base',
    paragraphs: ['Use this link to sign in. It works once and expires in 15 minutes. If you did not ask for it, ignore this email.'],
    action: { label: 'Sign in', path: `/magic-link?token=${encodeURIComponent(token)}` },
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
