import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { InvalidStorageKeyError } from './errors'
import { assertValidKey, META_SUFFIX } from './keys'
import type { FileStorage, PutOptions, StoredObject } from './storage'

const FALLBACK_CONTENT_TYPE = 'application/octet-stream'
const CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+$/

interface Meta {
  contentType: string
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
async function writeAtomically(file: string, data: Uint8Array | string) {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`
  try {
    await writeFile(temporary, data)
    await rename(temporary, file)
  }
  catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

/**
 * Files under `root`: the object at `avatars/u1/x.png` is `<root>/avatars/u1/x.png`, its
 * content type in `<root>/avatars/u1/x.png.meta.json`. The root is created on first write.
 */
export function createLocalDiskStorage(options: { root: string }): FileStorage {
  const root = path.resolve(options.root)

  function fileFor(key: string): string {
    assertValidKey(key)
    const file = path.resolve(root, ...key.split('/'))
    // The key rules already forbid escaping; this is the second lock on the door.
    if (!file.startsWith(root + path.sep)) throw new InvalidStorageKeyError(key, 'it resolves outside the storage root')
    return file
  }

  /** Removes the now-empty directories between `file` and the root (never the root itself). */
  async function pruneEmptyDirectories(file: string) {
    for (let dir = path.dirname(file); dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
      try {
        await rmdir(dir)
      }
      catch {
        return
      }
    }
  }

  return {
    async put(key: string, bytes: Uint8Array, { contentType }: PutOptions) {
      const file = fileFor(key)
      if (!CONTENT_TYPE.test(contentType)) throw new TypeError(`Invalid content type ${JSON.stringify(contentType)}`)
      // A concurrent delete may prune the directory between mkdir and write: make it again.
      for (let attempt = 1; ; attempt++) {
        try {
          await mkdir(path.dirname(file), { recursive: true })
          await writeAtomically(file, bytes)
          await writeAtomically(file + META_SUFFIX, JSON.stringify({ contentType } satisfies Meta))
          return
        }
        catch (error) {
          if (!isMissing(error) || attempt >= 3) throw error
        }
      }
    },

    async get(key: string): Promise<StoredObject | undefined> {
      const file = fileFor(key)
      let bytes: Buffer
      try {
        bytes = await readFile(file)
      }
      catch (error) {
        if (isMissing(error)) return undefined
        throw error
      }
      let contentType = FALLBACK_CONTENT_TYPE
      try {
        const meta = JSON.parse(await readFile(file + META_SUFFIX, 'utf8')) as Partial<Meta>
        if (typeof meta.contentType === 'string' && CONTENT_TYPE.test(meta.contentType)) contentType = meta.contentType
      }
      catch (error) {
        if (!isMissing(error) && !(error instanceof SyntaxError)) throw error
      }
      return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), contentType }
    },

    async delete(key: string) {
      const file = fileFor(key)
      await rm(file, { force: true })
      await rm(file + META_SUFFIX, { force: true })
      await pruneEmptyDirectories(file)
    },
  }
}
