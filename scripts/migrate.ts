/** `pnpm db:migrate`: apply pending migrations to DATABASE_URL (or the embedded dev database). */
import './lib/load-env'
import { runMigrations } from '@flectar/db'
import { dataDir, openDatabase } from './lib/database'
import { loadOrCreateDevSecrets } from './lib/dev-secrets'

const database = await openDatabase(await loadOrCreateDevSecrets(dataDir)).catch((error: Error) => {
  console.error(`✖ ${error.message}`)
  process.exit(1)
})
try {
  await runMigrations(database.url)
  console.log('✔ Migrations applied')
}
finally {
  await database.stop()
}
