import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createDb, runMigrations, type Db } from '@flectar/db'
import { findFreePort } from '@flectar/db/embedded'
import { createDatabase, dropDatabase, startTestPostgres, uniqueDatabaseName } from '@flectar/db/testing'
import { createKeyRing } from '@flectar/security'
import { startBuiltApp, startBuiltWorker, waitUntilHealthy, type RunningApp, type RunningProcess } from '../../e2e/support/apps'
import { seedPendingPayments, type PaymentsSeed } from './payments-seed'

export interface PaymentsStack {
  seed: PaymentsSeed
  /** The bench's own connection, for seeding and counting rows. */
  db: Db
  admin: RunningApp
  worker: RunningProcess
  stop: () => Promise<void>
}

/**
 * A throwaway database (the embedded PostgreSQL, or a database of its own on `DATABASE_URL`),
 * migrated and seeded with `count` pending Redsys payments, then one built admin and one built
 * worker on it. The worker is started last, once the seed is in: it applies what the admin
 * stores. `stop()` undoes everything, last started first, also after a failure half-way.
 */
export async function startPaymentsStack(count: number): Promise<PaymentsStack> {
  const undo: Array<() => Promise<unknown>> = []
  const stop = async () => {
    for (let step = undo.pop(); step; step = undo.pop()) await step().catch((error: unknown) => console.error('Cleaning up failed:', error))
  }
  try {
    const postgres = await startTestPostgres()
    undo.push(() => postgres.stop())
    const databaseName = uniqueDatabaseName('flectar_bench_payments')
    const databaseUrl = await createDatabase(postgres.adminUrl, databaseName)
    undo.push(() => dropDatabase(postgres.adminUrl, databaseName))
    await runMigrations(databaseUrl)
    const connection = createDb(databaseUrl, { max: 4 })
    undo.push(() => connection.close())
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'flectar-bench-payments-'))
    undo.push(() => rm(workDir, { recursive: true, force: true }))

    // The admin decrypts the Redsys key the seed stored: both use this ENCRYPTION_KEY.
    const encryptionKey = randomBytes(32).toString('base64')
    const seed = await seedPendingPayments(connection.db, createKeyRing(encryptionKey), count)
    const adminPort = await findFreePort()
    const appEnv = {
      ADMIN_URL: `http://localhost:${adminPort}`,
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: randomBytes(48).toString('base64'),
      ENCRYPTION_KEY: encryptionKey,
      PLATFORM_DOMAIN: 'localhost',
      NUXT_PUBLIC_SITE_URL_PATTERN: 'http://{slug}.localhost:3001',
      STORAGE_DIR: path.join(workDir, 'storage'),
    }
    const admin = startBuiltApp('admin', adminPort, appEnv)
    undo.push(() => admin.stop())
    // No RESEND_API_KEY: the confirmation emails go to the dev mailbox table, nowhere outside.
    const worker = startBuiltWorker(appEnv)
    undo.push(() => worker.stop())
    await waitUntilHealthy(admin, 60_000)
    return { seed, db: connection.db, admin, worker, stop }
  }
  catch (error) {
    await stop()
    throw error
  }
}
