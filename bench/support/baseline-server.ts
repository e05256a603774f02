import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

/**
 * Starts a baseline server (`bench/static-server.ts`, `bench/discard-server.ts`) as a process of
 * its own, so it shares no event loop with the load generator, and waits until it listens.
 */
export async function startBaselineServer(script: 'static-server.ts' | 'discard-server.ts', port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, '..', script)], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('ready')) resolve()
    })
    child.once('exit', code => reject(new Error(`The baseline server exited (${code}):\n${output}`)))
  })
  return child
}

/** Stops a child process with SIGTERM and waits for it to exit. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise(resolve => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}
