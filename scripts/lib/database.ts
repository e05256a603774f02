import path from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { hashPassword } from '@flectar/accounts'
import { assertDatabaseReachable, createDb, describeDatabaseUrl, pingDatabase, projects, runMigrations } from '@flectar/db'
import { startEmbeddedPostgres } from '@flectar/db/embedded'
import { seedDemo } from '@flectar/db/seed'
import { seedDemoSite } from '@flectar/sites'
// Relative until the root package lists @flectar/analytics (it needs a `pnpm install`).
import { seedDemoAnalytics } from '@flectar/analytics'
import { seedDemoBookings } from '@flectar/bookings'
import type { DevSecrets } from './dev-secrets'

export const repoRoot = path.resolve(import.meta.dirname, '../..')
/** Local state (embedded cluster, dev secrets); DATA_DIR moves it. */
export const dataDir = path.resolve(repoRoot, process.env.DATA_DIR || '.data')

export interface Database {
  url: string
  embedded: boolean
  stop: () => Promise<void>
}

/**
 * `DATABASE_URL` when set (checked to answer, failing fast with a clear message);
 * otherwise the embedded PostgreSQL in `.data/postgres`, created on first use.
 */
export async function openDatabase(secrets: DevSecrets): Promise<Database> {
  const external = process.env.DATABASE_URL
  if (external) {
    await assertDatabaseReachable(external)
    return { url: external, embedded: false, stop: async () => {} }
  }
  const running = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'postgres'),
    port: Number(process.env.EMBEDDED_POSTGRES_PORT || 54329),
    password: secrets.postgresPassword,
    database: 'flectar',
  })
  return { url: running.url, embedded: true, stop: running.stop }
}

/** Applies migrations and seeds the demo org, owner and site (a no-op when they exist). */
export async function migrateAndSeed(url: string, secrets: DevSecrets): Promise<{ created: boolean }> {
  await runMigrations(url)
  const { db, sql, close } = createDb(url, { max: 2 })
  try {
    if (!(await pingDatabase(sql))) throw new Error(`PostgreSQL at ${describeDatabaseUrl(url)} stopped answering.`)
    const account = await seedDemo(db, { ownerPasswordHash: await hashPassword(secrets.demoOwnerPassword) })
    const site = await seedDemoSite(db, account.orgId)
    if (site.created) await seedDemoTraffic(db, site.projectId)
    await seedDemoBookings(db, site.projectId)
    return { created: account.created || site.created }
  }
  finally {
    await close()
  }
}

/** The demo site gets analytics on and four weeks of synthetic traffic, so the dashboard has something to show. */
async function seedDemoTraffic(db: ReturnType<typeof createDb>['db'], projectId: string) {
  await db.update(projects).set({ modules: sql`array_append(array_remove(${projects.modules}, 'analytics'), 'analytics')` }).where(eq(projects.id, projectId))
  await seedDemoAnalytics(db, projectId, { days: 28 })
}
