import { redact } from './redact'
import { redactString } from './redact-string'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type LogFields = Record<string, unknown>

export interface Logger {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
  /** A logger that adds `fields` to every line it writes. */
  child(fields: LogFields): Logger
}

export interface LoggerOptions {
  name: string
  /** Lowest level written; defaults to `LOG_LEVEL`, else `info`. */
  level?: LogLevel
  /** Receives one JSON line (no trailing newline); defaults to stdout, or stderr for warn/error. */
  write?: (line: string, level: LogLevel) => void
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }
const CORE_KEYS = new Set(['time', 'level', 'name', 'msg'])

/** A structured JSON-lines logger that redacts every message and field before writing. */
export function createLogger(options: LoggerOptions): Logger {
  const threshold = RANK[options.level ?? levelFromEnv()]
  const write = options.write ?? writeToStdio
  return build(redactString(options.name), {}, threshold, write)
}

function build(name: string, bound: LogFields, threshold: number, write: (line: string, level: LogLevel) => void): Logger {
  const log = (level: LogLevel) => (message: string, fields?: LogFields): void => {
    if (RANK[level] < threshold) return
    const line: LogFields = { time: new Date().toISOString(), level, name, msg: redactString(String(message)) }
    // Core keys win: a field called `msg` or `level` must not forge or hide the real one.
    for (const source of [bound, fields ? (redact(fields) as LogFields) : {}]) {
      for (const [key, value] of Object.entries(source)) if (!CORE_KEYS.has(key)) line[key] = value
    }
    write(serialise(line), level)
  }
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    // Bound fields are redacted once, here, and snapshotted.
    child: fields => build(name, { ...bound, ...(redact(fields) as LogFields) }, threshold, write),
  }
}

function levelFromEnv(): LogLevel {
  const value = process.env.LOG_LEVEL?.trim().toLowerCase()
  return value !== undefined && Object.hasOwn(RANK, value) ? (value as LogLevel) : 'info'
}

function writeToStdio(line: string, level: LogLevel): void {
  const stream = level === 'warn' || level === 'error' ? process.stderr : process.stdout
  stream.write(`${line}\n`)
}

// JSON has no Map, Set or BigInt; make them readable instead of `{}` or a throw.
function serialise(line: LogFields): string {
  try {
    return JSON.stringify(line, (_key, value: unknown) => {
      if (typeof value === 'bigint') return value.toString()
      if (value instanceof Map) return Object.fromEntries([...value].map(([key, item]) => [String(key), item]))
      if (value instanceof Set) return [...value]
      return value
    })
  }
  catch {
    return JSON.stringify({ time: line.time, level: line.level, name: line.name, msg: line.msg, logError: 'fields could not be serialised' })
  }
}
