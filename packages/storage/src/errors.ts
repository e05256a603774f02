/**
 * Storage's own typed errors. `@flectar/storage` depends on nothing of the workspace, so
 * callers map these to their HTTP errors (accounts turns an `UploadRejectedError` into a
 * 422 `InvalidInputError` on the upload field).
 */

/** A key that could escape the storage root or that no driver could store safely. */
export class InvalidStorageKeyError extends Error {
  override name = 'InvalidStorageKeyError'
  constructor(key: string, reason: string) {
    super(`Invalid storage key ${JSON.stringify(key.slice(0, 200))}: ${reason}`)
  }
}

export type UploadRejectionReason = 'empty' | 'too_large' | 'unsupported_type'

/** An upload refused by its content; `message` is a sentence to show the person uploading. */
export class UploadRejectedError extends Error {
  override name = 'UploadRejectedError'
  readonly reason: UploadRejectionReason
  constructor(reason: UploadRejectionReason, message: string) {
    super(message)
    this.reason = reason
  }
}
