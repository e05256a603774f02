import autocannon, { type Options, type Result } from 'autocannon'
import { DEMO_PROJECT_SLUG } from '@flectar/sites'
import { nextVisitor } from './cluster-http'
import { CLINIC_SLUG, CLINIC_TIME_ZONE } from './cluster-seed'
import type { ClusterStack } from './cluster-stack'

const CONNECTIONS = 50
const WARMUP_SECONDS = 2
const DURATION_SECONDS = 8

export interface ThroughputRow {
  endpoint: string
  target: string
  result: Result
}

/**
 * Requests per second of the pair against one instance, for a cached site page and the public
 * availability endpoint: straight to site 1, through the proxy to site 1 alone (what the proxy
 * hop costs), and through the proxy to both. Each availability request comes from its own
 * client address, as visitors' do, so its rate limit (300 a minute per client) is not what is measured.
 */
export async function measureThroughput(stack: ClusterStack): Promise<ThroughputRow[]> {
  const date = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10)
  const endpoints = [
    { endpoint: 'cached page  GET / (demo)', slug: DEMO_PROJECT_SLUG, path: '/', perVisitor: false },
    { endpoint: 'availability GET /api/v1/…/availability (1 day)', slug: CLINIC_SLUG, path: `/api/v1/projects/${CLINIC_SLUG}/availability?serviceId=${stack.seed.loadServiceId}&from=${date}&to=${date}&timeZone=${CLINIC_TIME_ZONE}`, perVisitor: true },
  ]
  const targets = [
    { target: 'site 1 directly', port: stack.sites[0]!.port },
    { target: 'proxy → site 1', port: stack.proxies.siteOne },
    { target: 'proxy → sites 1+2', port: stack.proxies.sites },
  ]
  const rows: ThroughputRow[] = []
  for (const { endpoint, slug, path, perVisitor } of endpoints) {
    for (const { target, port } of targets) {
      const options: Options = {
        url: `http://127.0.0.1:${port}${path}`,
        connections: CONNECTIONS,
        headers: { 'host': `${slug}.localhost:${port}`, 'x-forwarded-for': nextVisitor() },
        ...(perVisitor ? { requests: [{ setupRequest: request => ({ ...request, path, headers: { ...request.headers, 'x-forwarded-for': nextVisitor() } }) }] } : {}),
      }
      await autocannon({ ...options, duration: WARMUP_SECONDS })
      rows.push({ endpoint, target, result: await autocannon({ ...options, duration: DURATION_SECONDS }) })
    }
  }
  return rows
}

export const THROUGHPUT_LOAD = `${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${DURATION_SECONDS} s measured per row`
