// s3rver ships no types; only what the tests use.
declare module 's3rver' {
  interface S3rverOptions {
    address?: string
    port?: number
    silent?: boolean
    directory?: string
    resetOnClose?: boolean
    configureBuckets?: Array<{ name: string, configs?: Array<string | Buffer> }>
  }
  class S3rver {
    constructor(options?: S3rverOptions)
    run(): Promise<{ address: string, port: number }>
    close(): Promise<void>
  }
  export default S3rver
}
