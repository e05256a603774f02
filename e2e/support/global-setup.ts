import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { hashPassword } from '@flectar/accounts'
import { createDb, runMigrations } from '@flectar/db'
import { findFreePort } from '@flectar/db/embedded'
import { seedDemo } from '@flectar/db/seed'
import { seedDemoBookings } from '@flectar/bookings'
import { seedDemoSite } from '@flectar/sites'
import { createDatabase, dropDatabase, startTestPostgres, uniqueDatabaseName } from '@flectar/db/testing'
import { startFakePayPal } from '@flectar/paypal/fake'
import { startFakeRedsys } from '@flectar/redsys/fake'
import { startFakeStripe } from '@flectar/stripe/fake'
import { startFakeResend } from '@flectar/resend/fake'
import { startFakeTurnstile } from '@flectar/turnstile/fake'
import { startFakeTwilio } from '@flectar/twilio/fake'
import { startFakeWhatsApp } from '@flectar/whatsapp/fake'
import { startBuiltApp, startBuiltWorker, waitUntilHealthy } from './apps'
import { E2E_INBOUND_DOMAIN, E2E_RESEND, E2E_TWILIO, E2E_WHATSAPP } from './messaging'
import { E2E_PAYPAL, E2E_REDSYS_KEY, E2E_STRIPE_WEBHOOK_SECRET } from './payments'

declare module 'vitest' {
  export interface ProvidedContext {
    adminPort: number
    sitePort: number
    appEnv: Record<string, string>
    /** The run's fake Redsys, Stripe and PayPal (see support/payments.ts). */
    redsysUrl: string
    stripeUrl: string
    paypalUrl: string
    /** The run's fake Resend, Twilio and WhatsApp (see support/messaging.ts). */
    resendUrl: string
    twilioUrl: string
    whatsappUrl: string
    demoOwnerPassword: string
  }
}

/**
 * Browser journeys run against the built apps (as deployed), on a freshly migrated and
 * seeded database of their own.
 */
export default async function setup(project: TestProject) {
  const server = await startTestPostgres()
  const name = uniqueDatabaseName('flectar_e2e')
  const url = await createDatabase(server.adminUrl, name)
  await runMigrations(url)
  const demoOwnerPassword = randomBytes(9).toString('base64url')
  const connection = createDb(url, { max: 1 })
  const demo = await seedDemo(connection.db, { ownerPasswordHash: await hashPassword(demoOwnerPassword) })
  const demoSite = await seedDemoSite(connection.db, demo.orgId)
  await seedDemoBookings(connection.db, demoSite.projectId)
  await connection.close()

  const storageDir = await mkdtemp(path.join(tmpdir(), 'flectar-e2e-storage-'))
  const sitePort = await findFreePort()
  const adminPort = await findFreePort()
  const redsys = await startFakeRedsys({ merchantKeyBase64: E2E_REDSYS_KEY })
  const stripe = await startFakeStripe({ webhookSecret: E2E_STRIPE_WEBHOOK_SECRET })
  const paypal = await startFakePayPal(E2E_PAYPAL)
  const resend = await startFakeResend(E2E_RESEND)
  const twilio = await startFakeTwilio(E2E_TWILIO)
  const whatsapp = await startFakeWhatsApp(E2E_WHATSAPP)
  const turnstile = await startFakeTurnstile()
  const appEnv = {
    ADMIN_URL: `http://localhost:${adminPort}`,
    // Stored email is read from the dev mailbox, as a developer would; tests set their own
    // X-Forwarded-For so rate limits of one test do not spill into another.
    DEV_MAILBOX: 'true',
    TRUST_PROXY: 'true',
    DATABASE_URL: url,
    SESSION_SECRET: randomBytes(48).toString('base64'),
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PLATFORM_DOMAIN: 'localhost',
    NUXT_PUBLIC_SITE_URL_PATTERN: `http://{slug}.localhost:${sitePort}`,
    // Uploaded files (avatars, media) go to a directory of this run, removed at the end; the
    // site app serves media from the same directory.
    STORAGE_DIR: storageDir,
    // Payments go to local fakes, never to a provider (support/payments.ts).
    REDSYS_URL: redsys.url,
    STRIPE_API_URL: stripe.url,
    PAYPAL_API_URL: paypal.url,
    // So do messages: email through the fake Resend (still readable in the dev mailbox), inbound
    // email to <slug>@E2E_INBOUND_DOMAIN, SMS and WhatsApp of sites that connect them.
    RESEND_API_KEY: E2E_RESEND.apiKey,
    RESEND_BASE_URL: resend.baseUrl,
    RESEND_WEBHOOK_SECRET: E2E_RESEND.webhookSecret,
    INBOUND_EMAIL_DOMAIN: E2E_INBOUND_DOMAIN,
    TWILIO_API_URL: twilio.apiUrl,
    WHATSAPP_API_URL: whatsapp.apiUrl,
    WHATSAPP_APP_SECRET: E2E_WHATSAPP.appSecret,
    WHATSAPP_VERIFY_TOKEN: E2E_WHATSAPP.verifyToken,
    // Turnstile tokens of sites that turn it on are checked by a local fake siteverify.
    TURNSTILE_VERIFY_URL: turnstile.verifyUrl,
  }
  const admin = startBuiltApp('admin', adminPort, appEnv)
  const site = startBuiltApp('site', sitePort, appEnv)
  // As deployed: the background jobs (email delivery, rollups, holds, reminders) in a worker.
  const worker = startBuiltWorker(appEnv)
  await Promise.all([waitUntilHealthy(admin), waitUntilHealthy(site)])

  project.provide('adminPort', admin.port)
  project.provide('sitePort', site.port)
  project.provide('appEnv', appEnv)
  project.provide('redsysUrl', redsys.url)
  project.provide('stripeUrl', stripe.url)
  project.provide('paypalUrl', paypal.url)
  project.provide('resendUrl', resend.baseUrl)
  project.provide('twilioUrl', twilio.apiUrl)
  project.provide('whatsappUrl', whatsapp.apiUrl)
  project.provide('demoOwnerPassword', demoOwnerPassword)

  return async () => {
    await Promise.all([admin.stop(), site.stop(), worker.stop()])
    await Promise.all([redsys.stop(), stripe.stop(), paypal.stop(), resend.close(), twilio.close(), whatsapp.close(), turnstile.close()])
    await dropDatabase(server.adminUrl, name)
    await server.stop()
    await rm(storageDir, { recursive: true, force: true })
  }
}
