import { spawn, type ChildProcess } from 'node:child_process'
import { get } from 'node:http'

/** Runs a long-lived command with each output line prefixed by `name`. */
export function startProcess(name: string, command: string, args: string[], options: { cwd: string, env: NodeJS.ProcessEnv }): ChildProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] })
  const prefix = `[${name}] `
  for (const stream of [child.stdout, child.stderr]) {
    let pending = ''
    stream?.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8')
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) process.stdout.write(`${prefix}${line}\n`)
    })
  }
  return child
}

/** Polls `url` until it answers 200 or `timeoutMs` passes. */
export async function waitForHealthy(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const status = await new Promise<number>((resolve) => {
      const request = get(url, (response) => {
        response.resume()
        resolve(response.statusCode ?? 0)
      })
      request.on('error', () => resolve(0))
      request.setTimeout(2000, () => request.destroy())
    })
    if (status === 200) return true
    await new Promise(resolve => setTimeout(resolve, 500))
  }
  return false
}
