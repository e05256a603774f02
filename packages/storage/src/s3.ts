import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { assertValidKey } from './keys'
import type { FileStorage, PutOptions, SignedUrlOptions, StoredObject } from './storage'

export interface S3StorageOptions {
  /** Any S3-compatible endpoint (`http://127.0.0.1:9000`); unset means AWS itself. */
  endpoint?: string
  region: string
  bucket: string
  /** Both or neither: without them the SDK's default chain (environment, instance role) is used. */
  accessKeyId?: string
  secretAccessKey?: string
  /** `https://host/bucket/key` instead of `https://bucket.host/key`; most self-hosted servers need it. */
  forcePathStyle?: boolean
}

const CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+$/
/** S3's own ceiling for presigned URLs. */
const MAX_SIGNED_URL_SECONDS = 7 * 24 * 60 * 60

export type S3FileStorage = FileStorage & Required<Pick<FileStorage, 'signedUrl'>>

function isMissing(error: unknown): boolean {
  return error instanceof NoSuchKey || (error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404))
}

/**
 * Objects in an S3 bucket, with the storage key as the object key and the content type as
 * the object's `Content-Type`. `signedUrl` presigns a GetObject for direct downloads.
 */
export function createS3Storage(options: S3StorageOptions): S3FileStorage {
  if (Boolean(options.accessKeyId) !== Boolean(options.secretAccessKey)) {
    throw new TypeError('S3 storage needs both an access key id and a secret access key, or neither.')
  }
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle ?? false,
    ...(options.accessKeyId && options.secretAccessKey
      ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
      : {}),
  })
  const Bucket = options.bucket

  return {
    async put(key: string, bytes: Uint8Array, { contentType }: PutOptions) {
      assertValidKey(key)
      if (!CONTENT_TYPE.test(contentType)) throw new TypeError(`Invalid content type ${JSON.stringify(contentType)}`)
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.byteLength }))
    },

    async get(key: string): Promise<StoredObject | undefined> {
      assertValidKey(key)
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: key }))
        const bytes = await object.Body!.transformToByteArray()
        const contentType = object.ContentType && CONTENT_TYPE.test(object.ContentType) ? object.ContentType : 'application/octet-stream'
        return { bytes, contentType }
      }
      catch (error) {
        if (isMissing(error)) return undefined
        throw error
      }
    },

    async delete(key: string) {
      assertValidKey(key)
      // S3 answers 204 for a key that is not there, so a second delete is fine too.
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }))
    },

    async signedUrl(key: string, { expiresInSeconds }: SignedUrlOptions) {
      assertValidKey(key)
      if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_SIGNED_URL_SECONDS) {
        throw new RangeError(`expiresInSeconds must be a whole number from 1 to ${MAX_SIGNED_URL_SECONDS}`)
      }
      return await getSignedUrl(client, new GetObjectCommand({ Bucket, Key: key }), { expiresIn: expiresInSeconds })
    },
  }
}
