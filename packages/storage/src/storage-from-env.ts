import path from 'node:path'
import { createLocalDiskStorage } from './local-disk'
import { createS3Storage } from './s3'
import type { FileStorage } from './storage'

/** The storage settings of the server configuration (`@flectar/config`). */
export interface StorageEnv {
  STORAGE_DIR: string
  S3_BUCKET?: string
  S3_ENDPOINT?: string
  S3_REGION: string
  S3_ACCESS_KEY_ID?: string
  S3_SECRET_ACCESS_KEY?: string
  S3_FORCE_PATH_STYLE: boolean
}

/** S3 when a bucket is configured, else local disk under STORAGE_DIR (relative to the working directory). */
export function createStorageFromEnv(env: StorageEnv): FileStorage {
  if (env.S3_BUCKET) {
    return createS3Storage({
      bucket: env.S3_BUCKET,
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
    })
  }
  return createLocalDiskStorage({ root: path.resolve(env.STORAGE_DIR) })
}
