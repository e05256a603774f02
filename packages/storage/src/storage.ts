/** What a driver stores about an object besides its bytes. */
export interface PutOptions {
  /** MIME type served back with the object, e.g. `image/png`. */
  contentType: string
}

export interface StoredObject {
  bytes: Uint8Array
  contentType: string
}

export interface SignedUrlOptions {
  /** How long the URL works, in seconds (S3 allows at most a week). */
  expiresInSeconds: number
}

/**
 * Where files live. Keys are validated relative paths (see `assertValidKey`), the content
 * type travels with the object, and objects are private: the app serves them through its
 * own routes, or — when the store can make them (S3) — through short-lived signed URLs.
 */
export interface FileStorage {
  /** Stores (or replaces) the object at `key`. */
  put(key: string, bytes: Uint8Array, options: PutOptions): Promise<void>
  /** The object at `key`, or undefined when there is none. */
  get(key: string): Promise<StoredObject | undefined>
  /** Removes the object at `key`; a missing object is not an error. */
  delete(key: string): Promise<void>
  /**
   * A URL that reads the object straight from the store until it expires. Only stores that
   * can sign their own URLs have it (S3); for local disk the app signs URLs to its own route
   * (`createLocalSignedUrl`).
   */
  signedUrl?(key: string, options: SignedUrlOptions): Promise<string>
}
