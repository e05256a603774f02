import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

export interface DevSecrets {
  sessionSecret: string
  encryptionKey: string
  postgresPassword: string
  demoOwnerPassword: string
}

/** Readable but unguessable: four groups of lowercase letters and digits. */
function memorablePassword(): string {
  return randomBytes(12).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '7').match(/.{4}/g)!.join('-')
}

/**
 * Secrets for local development, generated once into `.data/secrets.json` (mode 0600) and
 * reused, so sessions and encrypted settings survive restarts. Production never uses this.
 */
export async function loadOrCreateDevSecrets(dataDir: string): Promise<DevSecrets> {
  const file = path.join(dataDir, 'secrets.json')
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as DevSecrets
  const secrets: DevSecrets = {
    sessionSecret: randomBytes(48).toString('base64'),
    encryptionKey: randomBytes(32).toString('base64'),
    postgresPassword: randomBytes(18).toString('base64url'),
    demoOwnerPassword: memorablePassword(),
  }
  await mkdir(dataDir, { recursive: true })
  await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 })
  return secrets
}
