import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto'

/**
 * A self-signed X.509 v3 certificate (RSA 2048, sha256WithRSAEncryption) for the fake server's
 * webhook signatures. node:crypto can parse certificates but not make them, so this writes the
 * few DER structures a certificate needs by hand instead of pulling in a package.
 */
export function createSelfSignedCertificate(commonName: string, validDays = 365): { certificatePem: string, privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const sha256WithRsa = sequence(oid('1.2.840.113549.1.1.11'), der(0x05, Buffer.alloc(0)))
  const name = sequence(set(sequence(oid('2.5.4.3'), der(0x0C, Buffer.from(commonName, 'utf8')))))
  const notBefore = new Date(Date.now() - 60_000)
  const notAfter = new Date(notBefore.getTime() + validDays * 86_400_000)
  const serial = randomBytes(16)
  serial[0] = serial[0]! & 0x7F // positive INTEGER
  const tbs = sequence(
    der(0xA0, der(0x02, Buffer.from([2]))), // [0] EXPLICIT version v3
    der(0x02, serial),
    sha256WithRsa,
    name,
    sequence(utcTime(notBefore), utcTime(notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
  )
  const certificate = sequence(tbs, sha256WithRsa, der(0x03, Buffer.concat([Buffer.from([0]), sign('sha256', tbs, privateKey)])))
  const base64 = certificate.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')
  return { certificatePem: `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`, privateKey }
}

function der(tag: number, content: Buffer): Buffer {
  const length = content.length
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), content])
  const lengthBytes: number[] = []
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) lengthBytes.unshift(rest % 256)
  return Buffer.concat([Buffer.from([tag, 0x80 | lengthBytes.length, ...lengthBytes]), content])
}

function sequence(...items: Buffer[]): Buffer {
  return der(0x30, Buffer.concat(items))
}

function set(...items: Buffer[]): Buffer {
  return der(0x31, Buffer.concat(items))
}

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number)
  const bytes = [first * 40 + second]
  for (const arc of rest) {
    const groups = [arc % 128]
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) groups.unshift(0x80 | (value % 128))
    bytes.push(...groups)
  }
  return der(0x06, Buffer.from(bytes))
}

/** UTCTime YYMMDDHHMMSSZ (valid until 2049, plenty for a test certificate). */
function utcTime(date: Date): Buffer {
  const iso = date.toISOString()
  const compactTime = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`
  return der(0x17, Buffer.from(compactTime, 'ascii'))
}
