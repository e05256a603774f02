export interface Repeating {
  /** No new run starts; resolves once the run in progress (if any) has finished. */
  stop: () => Promise<void>
}

/**
 * Runs `task` every `everyMs` (first after `firstAfterMs`, default `everyMs`), never two at once:
 * a run still going when the next is due is not doubled. `task` handles its own errors.
 */
export function startRepeating(task: () => Promise<void>, options: { everyMs: number, firstAfterMs?: number }): Repeating {
  let current: Promise<void> | undefined
  let stopped = false
  const run = () => {
    if (stopped || current) return
    current = task().finally(() => {
      current = undefined
    })
  }
  let interval: NodeJS.Timeout | undefined
  const first = setTimeout(() => {
    run()
    interval = setInterval(run, options.everyMs)
  }, options.firstAfterMs ?? options.everyMs)
  return {
    stop: async () => {
      stopped = true
      clearTimeout(first)
      clearInterval(interval)
      await current
    },
  }
}
