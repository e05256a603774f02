import { randomBytes } from 'node:crypto'
import postgres from 'postgres'

/** `url` with its database name replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
}

/** Creates a database on the server of `adminUrl` (optionally as a copy of `template`) and returns its URL. */
export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<string> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    for (const identifier of [name, template ?? '']) {
      if (!/^\w*$/.test(identifier)) throw new Error(`Invalid database name: ${identifier}`)
    }
    const statement = `create database "${name}"${template ? ` template "${template}"` : ''}`
    // A template copy fails while another session is connected to the template: retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await sql.unsafe(statement)
        break
      }
      catch (error) {
        if (attempt >= 20 || !String((error as Error).message).includes('being accessed by other users')) throw error
        await new Promise(resolve => setTimeout(resolve, 100))
      }
    }
  }
  finally {
    await sql.end({ timeout: 5 })
  }
  return withDatabase(adminUrl, name)
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    await sql`drop database if exists ${sql(name)} with (force)`
  }
  finally {
    await sql.end({ timeout: 5 })
  }
}
