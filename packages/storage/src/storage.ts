/** What a driver stores about an object besides its bytes. */
export interface PutOptions {
  /** MIME type served back with the object, e.g. `image/png`. */
  contentType: string
}

export interface StoredObject {
  bytes: Uint8Array
  contentType: string
}

/**
 * Where files live. Keys are validated relative paths (see `assertValidKey`), the content
 * type travels with the object, and objects are private: the app serves them through its
 * own routes (or, for a future S3 driver, short-lived signed URLs). A driver for S3 maps
 * `put`/`get`/`delete` to PutObject/GetObject/DeleteObject with the key as the object key.
 */
export interface FileStorage {
  /** Stores (or replaces) the object at `key`. */
  put(key: string, bytes: Uint8Array, options: PutOptions): Promise<void>
  /** The object at `key`, or undefined when there is none. */
  get(key: string): Promise<StoredObject | undefined>
  /** Removes the object at `key`; a missing object is not an error. */
  delete(key: string): Promise<void>
}
