import { createStorageFromEnv, type FileStorage } from '@flectar/storage'

let storage: FileStorage | undefined

/**
 * The app's file storage: an S3 bucket when S3_BUCKET is set, else local disk under
 * STORAGE_DIR (relative to the working directory when not absolute). Named so it does not
 * shadow Nitro's own `useStorage` (key-value).
 */
export function useFileStorage(): FileStorage {
  storage ??= createStorageFromEnv(useServerConfig())
  return storage
}
