// `pnpm bench:availability`: the time to compute a service's free slots (`listAvailableSlots`: the
// database reads plus the availability engine) for one month on 10 resources with 5,000
// existing bookings, split into the database's share (`loadAvailabilityData`) and the engine's
// (`computeSlots`), and the number of SQL queries per computation, which must not grow with
// the resources or days asked for. Prints figures with PASS/MISS next to each target; a miss
// is not a failure.
import os from 'node:os'
import { drizzle } from 'drizzle-orm/postgres-js'
import {
  bookingResources, bookings, bookingServiceResources, bookingServices, createDb, organizations, projects, runMigrations,
  type Db, type WeeklyHour,
} from '@flectar/db'
import { createDatabase, dropDatabase, startTestPostgres, uniqueDatabaseName } from '@flectar/db/testing'
import { computeSlots, engineService, listAvailableSlots, loadAvailabilityData, type ServiceRow } from '@flectar/bookings'
import { dayRangeInZone, formatInZone } from '@flectar/time'

const TARGETS = { p95Ms: 20 }
const ITERATIONS = Number(process.env.ITERATIONS ?? 200)
const WARMUP = 20
const RESOURCES = 10
const BOOKINGS = 5000
/** The month the bookings fill and the main scenario asks for; it crosses both DST changes (US 14 March, EU 28 March). */
const MONTH = { from: '2027-03-01', to: '2027-03-31' }
const NOW = new Date('2027-02-26T12:00:00Z')
const ZONES = ['Europe/Madrid', 'America/New_York']
/** Weekdays 08:00–13:00 and 14:00–20:00 local: 44 quarter-hours a day. */
const HOURS: WeeklyHour[] = [1, 2, 3, 4, 5].flatMap(weekday => [{ weekday, start: '08:00', end: '13:00' }, { weekday, start: '14:00', end: '20:00' }])
const QUARTERS = [...Array.from({ length: 20 }, (_, index) => 8 * 60 + index * 15), ...Array.from({ length: 24 }, (_, index) => 14 * 60 + index * 15)]

const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS')
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!
const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1)

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => row[column]!.length)))
  return rows.map(row => row.map((cell, column) => column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)).join('  ')).join('\n')
}

/** A deterministic pseudo-random sequence (mulberry32), so every run seeds the same bookings. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6D2B79F5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The instant of a local wall time (never one skipped by a clock change: working hours are 08:00–20:00). */
function localInstant(date: string, minuteOfDay: number, timeZone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + minuteOfDay * 60_000
  const offsetAt = (instant: number) => {
    const [, sign, hours, minutes] = /([+-])(\d\d):(\d\d)$/.exec(formatInZone(new Date(instant), timeZone))!
    return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) * 60_000
  }
  return new Date(wall - offsetAt(wall - offsetAt(wall)))
}

function weekdaysOf(from: string, to: string): string[] {
  const dates: string[] = []
  for (let day = Date.parse(`${from}T00:00:00Z`); day <= Date.parse(`${to}T00:00:00Z`); day += 86_400_000) {
    if (new Date(day).getUTCDay() % 6 !== 0) dates.push(new Date(day).toISOString().slice(0, 10))
  }
  return dates
}

async function seed(db: Db) {
  const [org] = await db.insert(organizations).values({ name: 'Bench clinic', slug: 'bench-availability' }).returning()
  const [project] = await db.insert(projects).values({ orgId: org!.id, name: 'Bench clinic', slug: 'bench-availability', timeZone: 'Europe/Madrid' }).returning()
  const scope = { orgId: org!.id, projectId: project!.id }
  const resources = await db.insert(bookingResources).values(Array.from({ length: RESOURCES }, (_, index) => ({
    ...scope, name: `Staff ${index + 1}`, timeZone: ZONES[index % ZONES.length]!, weeklyHours: HOURS,
  }))).returning()
  const service = (values: Partial<typeof bookingServices.$inferInsert>) => db.insert(bookingServices).values({
    ...scope, name: 'Consultation', durationMinutes: 30, slotIntervalMinutes: 15, bufferAfterMinutes: 5, minNoticeMinutes: 120, maxAdvanceDays: 120, ...values,
  }).returning().then(rows => rows[0]!)
  const [all, single, quick] = [await service({}), await service({ name: 'Consultation with Staff 1' }), await service({ name: 'Quick check', durationMinutes: 15 })]
  await db.insert(bookingServiceResources).values([
    ...resources.flatMap(resource => [all, quick].map(({ id }) => ({ serviceId: id, resourceId: resource.id, projectId: scope.projectId }))),
    { serviceId: single.id, resourceId: resources[0]!.id, projectId: scope.projectId },
  ])

  // 5,000 quarter-hour bookings over the month's weekdays: ~22 of each resource's 44 quarters a day.
  const days = weekdaysOf(MONTH.from, MONTH.to)
  const resourceDays = resources.flatMap(resource => days.map(date => ({ resource, date })))
  const next = random(42)
  const rows: Array<typeof bookings.$inferInsert> = []
  resourceDays.forEach(({ resource, date }, index) => {
    const count = Math.floor(BOOKINGS / resourceDays.length) + (index < BOOKINGS % resourceDays.length ? 1 : 0)
    const quarters = [...QUARTERS].sort(() => next() - 0.5).slice(0, count)
    for (const minute of quarters) {
      const startsAt = localInstant(date, minute, resource.timeZone)
      const endsAt = new Date(startsAt.getTime() + 15 * 60_000)
      rows.push({ ...scope, resourceId: resource.id, serviceId: quick.id, serviceName: quick.name, status: 'confirmed', startsAt, endsAt, blocked: { start: startsAt, end: endsAt }, timeZone: resource.timeZone })
    }
  })
  for (let index = 0; index < rows.length; index += 1000) await db.insert(bookings).values(rows.slice(index, index + 1000))
  await db.execute('analyze')
  return { all, single, resources, bookingCount: rows.length, days: days.length }
}

interface Scenario { label: string, service: ServiceRow, resources: number, from: string, to: string }

async function main() {
  const load = os.loadavg().map(value => value.toFixed(2)).join(' ')
  console.log(`bench:availability on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, load average before the run ${load}.`)
  const server = await startTestPostgres()
  const name = uniqueDatabaseName('flectar_bench_availability')
  const url = await createDatabase(server.adminUrl, name)
  const connection = createDb(url)
  try {
    await runMigrations(url)
    const started = Date.now()
    const { all, single, bookingCount, days } = await seed(connection.db)
    console.log(`seeded ${RESOURCES} resources (${ZONES.join(' / ')}), weekdays 08:00–13:00 and 14:00–20:00 local, ${bookingCount.toLocaleString('en')} bookings over the ${days} weekdays of March 2027 in ${((Date.now() - started) / 1000).toFixed(1)} s`)

    // The same postgres.js client as `connection.db`, with a logger that counts every SQL statement.
    let queries = 0
    const counted = drizzle({ client: connection.sql, casing: 'snake_case', logger: { logQuery: () => void queries++ } }) as unknown as Db

    const scenarios: Scenario[] = [
      { label: '1 resource, 1 day', service: single, resources: 1, from: '2027-03-10', to: '2027-03-10' },
      { label: '10 resources, 1 month', service: all, resources: RESOURCES, from: MONTH.from, to: MONTH.to },
      { label: '10 resources, 3 months', service: all, resources: RESOURCES, from: MONTH.from, to: '2027-05-31' },
    ]
    const results = []
    for (const scenario of scenarios) {
      const query = { ...dayRangeInZone(scenario.from, scenario.to, 'Europe/Madrid'), now: NOW }
      let slots = 0
      for (let run = 0; run < WARMUP; run++) slots = (await listAvailableSlots(counted, scenario.service, query)).slots.length
      queries = 0
      const timings: number[] = []
      for (let run = 0; run < ITERATIONS; run++) {
        const at = performance.now()
        await listAvailableSlots(counted, scenario.service, query)
        timings.push(performance.now() - at)
      }
      const queriesPerRun = queries / ITERATIONS

      // The same computation in its two halves, timed apart: the reads (queries and turning their
      // rows into the engine's input) and the engine alone on what they returned.
      const database: number[] = []
      const engine: number[] = []
      let loaded = 0
      for (let run = 0; run < WARMUP + ITERATIONS; run++) {
        const at = performance.now()
        const data = await loadAvailabilityData(connection.db, scenario.service, query)
        const read = performance.now()
        computeSlots({ service: engineService(scenario.service), resources: data.resources, bookings: data.bookings, busy: [], from: query.from, to: query.to, now: NOW })
        if (run >= WARMUP) {
          database.push(read - at)
          engine.push(performance.now() - read)
        }
        loaded = data.bookings.length
      }
      results.push({ scenario, slots, timings, queriesPerRun, database, engine, loaded })
    }

    const after = os.loadavg().map(value => value.toFixed(2)).join(' ')
    console.log(`\nlistAvailableSlots(db, service, { from, to, now }), ${WARMUP} warm-up runs then ${ITERATIONS} measured, one at a time (ms); then the database's share (loadAvailabilityData) and the engine's (computeSlots) timed apart:\n${table([
      ['scenario', 'bookings read', 'slots', 'p50', 'p95', 'p99', 'SQL/run', 'DB p50', 'DB p95', 'engine p50', 'engine p95'],
      ...results.map(({ scenario, slots, timings, queriesPerRun, database, engine, loaded }) => [
        scenario.label, String(loaded), String(slots), ms(percentile(timings, 50)), ms(percentile(timings, 95)), ms(percentile(timings, 99)),
        String(queriesPerRun), ms(percentile(database, 50)), ms(percentile(database, 95)), ms(percentile(engine, 50)), ms(percentile(engine, 95)),
      ]),
    ])}`)
    console.log(`load average after the run ${after}.`)

    const month = results[1]!
    const counts = results.map(result => result.queriesPerRun)
    const monthP95 = percentile(month.timings, 95)
    console.log(`\n10 resources, 1 month: p95 ${ms(monthP95)} ms ≤ ${TARGETS.p95Ms} ms ${mark(monthP95 <= TARGETS.p95Ms)} (p50 ${ms(percentile(month.timings, 50))}, p99 ${ms(percentile(month.timings, 99))}; database p50 ${ms(percentile(month.database, 50))}, engine p50 ${ms(percentile(month.engine, 50))})`)
    console.log(`SQL queries per computation: ${counts.join(' / ')} for 1×1 day / 10×1 month / 10×3 months, the same whatever the resources or days ${mark(counts.every(count => count === counts[0]))}`)
  }
  finally {
    await connection.close()
    await dropDatabase(server.adminUrl, name)
    await server.stop()
  }
}

await main()
