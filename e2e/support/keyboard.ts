import type { Locator, Page } from 'playwright-core'

/**
 * Presses Tab, from wherever the focus is, until `target` has it, as someone using the keyboard
 * reaches a control. Fails when it is not reached within `limit` presses (not focusable, out of
 * the tab order, hidden, or behind something that keeps the focus), and when, once focused, it
 * shows no focus indicator: no outline or box shadow on it or on its ::before or ::after.
 */
export async function tabTo(page: Page, target: Locator, limit = 120): Promise<void> {
  await target.waitFor()
  const path: string[] = []
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press('Tab')
    const focused = await target.evaluate((element) => {
      if (element !== document.activeElement) return { reached: false, name: describe(document.activeElement) }
      const shows = (style: CSSStyleDeclaration) => (style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none'
      const indicated = [undefined, '::before', '::after'].some(pseudo => shows(getComputedStyle(element, pseudo)))
      return { reached: true, indicated, name: describe(element) }

      function describe(node: Element | null) {
        if (!node) return '(nothing)'
        return `${node.tagName.toLowerCase()} "${(node.getAttribute('aria-label') ?? node.textContent ?? '').trim().slice(0, 40)}"`
      }
    })
    if (focused.reached) {
      if (!focused.indicated) throw new Error(`${focused.name} has the focus but shows no focus indicator`)
      return
    }
    path.push(focused.name)
  }
  throw new Error(`${String(target)} was not reached in ${limit} presses of Tab; the focus went through: ${path.slice(-12).join(', ')}`)
}
