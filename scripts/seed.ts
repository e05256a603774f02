/** `pnpm db:seed`: migrate and seed the demo into DATABASE_URL (or the embedded dev database). */
import './lib/load-env'
import { DEMO_OWNER_EMAIL } from '@flectar/db/seed'
import { dataDir, migrateAndSeed, openDatabase } from './lib/database'
import { loadOrCreateDevSecrets } from './lib/dev-secrets'

const secrets = await loadOrCreateDevSecrets(dataDir)
const database = await openDatabase(secrets).catch((error: Error) => {
  console.error(`✖ ${error.message}`)
  process.exit(1)
})
try {
  const result = await migrateAndSeed(database.url, secrets)
  console.log(result.created
    ? `✔ Demo seeded. Owner: ${DEMO_OWNER_EMAIL} / ${secrets.demoOwnerPassword}`
    : '✔ Demo already present; nothing changed')
}
finally {
  await database.stop()
}
