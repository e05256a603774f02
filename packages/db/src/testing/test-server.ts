import { randomBytes } from 'node:crypto'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { findFreePort, startEmbeddedPostgres } from '../embedded'

export interface TestPostgres {
  /** A URL on the server with rights to create databases. */
  adminUrl: string
  stop: () => Promise<void>
}

/**
 * The PostgreSQL server tests run on: `DATABASE_URL` when set (CI with a service, or a
 * developer's own server), otherwise a throwaway embedded cluster in a temp directory.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL, stop: async () => {} }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flectar-test-pg-'))
  // As root the cluster runs as the `postgres` user, which must be able to enter this dir.
  await chmod(dataDir, 0o755)
  const running = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'cluster'),
    port: await findFreePort(),
    password: randomBytes(12).toString('hex'),
    database: 'postgres',
  })
  return {
    adminUrl: running.adminUrl,
    stop: async () => {
      await running.stop()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
