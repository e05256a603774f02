import { chromium, type Browser } from 'playwright-core'

/**
 * Debian's Chromium (never a downloaded browser), with the flags this offline machine
 * needs: no background networking, no component updates, no sandbox as root.
 */
export async function launchBrowser(): Promise<Browser> {
  return await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  })
}
