import { createStorageFromEnv, type FileStorage } from '@flectar/storage'

let storage: FileStorage | undefined

/** The same store the admin app writes to: an S3 bucket when S3_BUCKET is set, else local disk under STORAGE_DIR. */
export function useFileStorage(): FileStorage {
  storage ??= createStorageFromEnv(useServerConfig())
  return storage
}
