import path from 'node:path'
import { createLocalDiskStorage, type FileStorage } from '@flectar/storage'

let storage: FileStorage | undefined

/**
 * The app's file storage: local disk under STORAGE_DIR (relative to the working directory
 * when not absolute). Named so it does not shadow Nitro's own `useStorage` (key-value).
 */
export function useFileStorage(): FileStorage {
  storage ??= createLocalDiskStorage({ root: path.resolve(useServerConfig().STORAGE_DIR) })
  return storage
}
