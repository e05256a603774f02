import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findClosedDirectory, postgresSystemUser } from './embedded-access'

describe('findClosedDirectory', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'flectar-access-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  const owner = { uid: statSync(root).uid, gid: statSync(root).gid }
  // Someone who owns nothing here and shares no group with the owner, like a new `postgres` user.
  const stranger = { uid: owner.uid + 4321, gid: owner.gid + 4321 }

  it('names the first folder on the way that another user cannot enter, with its mode', () => {
    const closed = path.join(root, 'home')
    mkdirSync(path.join(closed, 'clone/.data'), { recursive: true })
    chmodSync(root, 0o755)
    chmodSync(closed, 0o700)
    expect(findClosedDirectory(path.join(closed, 'clone/.data/postgres'), stranger)).toEqual({ directory: closed, mode: '700' })
    // Its owner may enter it.
    expect(findClosedDirectory(path.join(closed, 'clone/.data/postgres'), owner)).toBeUndefined()
  })

  it('finds nothing when every folder may be entered, also for parts that do not exist yet', () => {
    const open = path.join(root, 'srv')
    mkdirSync(open, { mode: 0o755 })
    chmodSync(open, 0o755)
    expect(findClosedDirectory(path.join(open, 'not/there/yet'), stranger)).toBeUndefined()
  })

  it('lets a member of the folder\'s group in through the group bits', () => {
    const shared = path.join(root, 'shared')
    mkdirSync(shared)
    chmodSync(shared, 0o750)
    expect(findClosedDirectory(shared, { uid: stranger.uid, gid: owner.gid })).toBeUndefined()
    expect(findClosedDirectory(shared, stranger)).toEqual({ directory: shared, mode: '750' })
  })
})

describe('postgresSystemUser', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flectar-passwd-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads the postgres user from a passwd file, or stands for nobody when there is none', () => {
    const passwd = path.join(dir, 'passwd')
    writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\npostgres:x:105:111:PostgreSQL:/var/lib/postgresql:/bin/bash\n')
    expect(postgresSystemUser(passwd)).toEqual({ uid: 105, gid: 111 })
    writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\n')
    expect(postgresSystemUser(passwd)).toEqual({ uid: -1, gid: -1 })
    expect(postgresSystemUser(path.join(dir, 'missing'))).toEqual({ uid: -1, gid: -1 })
  })
})
