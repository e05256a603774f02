import type { Dashboard } from './get-dashboard'

const csvCell = (value: string | number) => {
  const text = String(value)
  // Quote, and defuse spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replaceAll('"', '""')}"` : safe
}

/**
 * The dashboard as CSV: totals, the series, every breakdown, goals (events sent in the
 * `pageviews` column) and the booking funnel (overall and per source), one table with a
 * `section` column.
 */
export function dashboardCsv(dashboard: Dashboard): string {
  const lines = [['section', 'value', 'visitors', 'pageviews', 'sessions', 'bounce_rate', 'visit_duration_s']]
  const t = dashboard.totals
  lines.push(['totals', `${dashboard.range.from}/${dashboard.range.to}`, String(t.visitors), String(t.pageviews), String(t.sessions), String(t.bounceRate), String(t.visitDuration)])
  for (const point of dashboard.series) lines.push(['series', point.bucket, String(point.visitors), String(point.pageviews), '', '', ''])
  for (const [dimension, rows] of Object.entries(dashboard.breakdowns)) {
    for (const row of rows) lines.push([dimension, row.value, String(row.visitors), String(row.pageviews), '', '', ''])
  }
  for (const goal of dashboard.goals) lines.push(['goal', goal.name, String(goal.visitors), String(goal.events), '', '', ''])
  for (const step of dashboard.funnel.steps) lines.push(['funnel', step.name, String(step.visitors), '', String(step.sessions), '', ''])
  for (const { source, steps } of dashboard.funnel.sources) {
    for (const step of steps) lines.push(['funnel_source', `${source || '(direct)'}: ${step.name}`, String(step.visitors), '', String(step.sessions), '', ''])
  }
  return `${lines.map(line => line.map(csvCell).join(',')).join('\n')}\n`
}
