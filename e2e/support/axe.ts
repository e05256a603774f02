import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** The WCAG 2.2 AA rules, as axe-core tags them (2.0, 2.1 and 2.2, levels A and AA). */
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

export interface AxeProblem {
  rule: string
  impact: string
  help: string
  /** Selectors of (up to five of) the elements at fault. */
  targets: string[]
}

interface AxeResult { violations: Array<{ id: string, impact?: string | null, help: string, nodes: Array<{ target: unknown[] }> }> }

/**
 * axe-core's WCAG 2.2 AA rules on the page as it is now (open dialogs and menus included), once
 * its transitions have ended: the serious and critical violations, each with the elements at fault.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeProblem[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource })
  // Colours are read as they are drawn: let transitions (a button just pressed) end first.
  await page.evaluate(() => Promise.all(document.getAnimations()
    .filter(animation => Number.isFinite(animation.effect?.getComputedTiming().endTime))
    .map(animation => animation.finished.catch(() => undefined))))
  const result = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResult> } }).axe
    return await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
  }, WCAG_22_AA)
  return result.violations
    .map(violation => ({
      rule: violation.id,
      impact: violation.impact ?? 'minor',
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map(node => node.target.join(' ')),
    }))
    .filter(violation => violation.impact === 'serious' || violation.impact === 'critical')
}
