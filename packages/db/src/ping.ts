import type { Sql } from 'postgres'

/** True when the database answers a trivial query within `timeoutMs`. */
export async function pingDatabase(sql: Sql, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs)
  })
  try {
    return await Promise.race([sql`select 1`.then(() => true), timeout])
  }
  catch {
    return false
  }
  finally {
    clearTimeout(timer)
  }
}
