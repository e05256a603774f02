import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'

export interface SystemUser {
  uid: number
  gid: number
}

/**
 * The first directory on the way to `target` that `user` may not enter (no search permission),
 * or undefined. Parts of the path that do not exist yet are skipped: they are created later with
 * the usual 0755. Supplementary groups are not considered, which errs on the side of warning.
 */
export function findClosedDirectory(target: string, user: SystemUser): { directory: string, mode: string } | undefined {
  const parts = path.resolve(target).split(path.sep).filter(Boolean)
  let current = path.parse(path.resolve(target)).root
  for (const part of ['', ...parts]) {
    current = path.join(current, part)
    let stat
    try {
      stat = statSync(current)
    }
    catch {
      return undefined
    }
    if (!stat.isDirectory()) return undefined
    const bit = stat.uid === user.uid ? 0o100 : stat.gid === user.gid ? 0o010 : 0o001
    if ((stat.mode & bit) === 0) return { directory: current, mode: (stat.mode & 0o777).toString(8).padStart(3, '0') }
  }
  return undefined
}

/** The `postgres` system user, or a user that owns nothing when it does not exist yet. */
export function postgresSystemUser(passwd = '/etc/passwd'): SystemUser {
  try {
    const line = readFileSync(passwd, 'utf8').split('\n').find(entry => entry.startsWith('postgres:'))
    const [, , uid, gid] = line?.split(':') ?? []
    if (uid && gid) return { uid: Number(uid), gid: Number(gid) }
  }
  catch {
    // No passwd file (not Linux): fall through.
  }
  return { uid: -1, gid: -1 }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must reach both the cluster's folder and
 * the PostgreSQL binaries inside this clone's node_modules. Throws one clear line when it cannot,
 * instead of an unhandled `spawn …/initdb EACCES` later.
 */
export function assertPostgresUserCanReach(directories: string[]): void {
  if (process.platform === 'win32' || process.getuid?.() !== 0) return
  const user = postgresSystemUser()
  for (const directory of directories) {
    const closed = findClosedDirectory(directory, user)
    if (closed) {
      throw new Error(`The embedded PostgreSQL cannot start: as root it runs as the "postgres" user, who cannot enter ${closed.directory} (mode ${closed.mode}). Move the clone (or DATA_DIR) to a folder other users can enter, such as /srv or /opt, or set DATABASE_URL to a PostgreSQL of your own.`)
    }
  }
}
