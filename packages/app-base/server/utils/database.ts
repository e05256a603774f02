import { createDb } from '@flectar/db'

let connection: ReturnType<typeof createDb> | undefined

/** The app's one connection pool, opened on first use. */
export function useDatabase() {
  connection ??= createDb(useServerConfig().DATABASE_URL, { max: 10 })
  return connection
}

export async function closeDatabase() {
  await connection?.close()
  connection = undefined
}
