import { describe, expect, it } from 'vitest'
import { startRepeating } from './start-repeating'

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

describe('startRepeating', () => {
  it('runs on its interval, never two runs at once', async () => {
    let running = 0
    let most = 0
    let runs = 0
    const repeating = startRepeating(async () => {
      running++
      most = Math.max(most, running)
      runs++
      await sleep(35)
      running--
    }, { everyMs: 10 })
    await sleep(120)
    await repeating.stop()
    expect(runs).toBeGreaterThanOrEqual(2)
    expect(most).toBe(1)
  })

  it('waits for the first run until firstAfterMs', async () => {
    let runs = 0
    const repeating = startRepeating(async () => {
      runs++
    }, { everyMs: 10, firstAfterMs: 1000 })
    await sleep(50)
    await repeating.stop()
    expect(runs).toBe(0)
  })

  it('stops taking new runs and resolves only once the run in progress has finished', async () => {
    let finished = 0
    let started = 0
    const repeating = startRepeating(async () => {
      started++
      await sleep(60)
      finished++
    }, { everyMs: 5 })
    await sleep(20)
    expect(started).toBe(1)
    await repeating.stop()
    expect(finished).toBe(1)
    await sleep(30)
    expect(started).toBe(1)
  })
})
