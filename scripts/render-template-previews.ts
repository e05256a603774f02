/**
 * `pnpm templates:previews` (a dev tool, never run by the build): the picture of each starter
 * template that the create-site gallery shows, `templates/<key>/preview.webp`. Each template
 * becomes a published site in a throwaway database, the built site app (`pnpm build` first)
 * serves it, Chromium photographs its home page at 1280×800, and the photo is scaled to 640×400
 * and encoded as WebP in the same browser, at the best quality that stays under 60 KB.
 * Run it again after changing a template's home page or theme.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { createDb, runMigrations } from '@flectar/db'
import { findFreePort } from '@flectar/db/embedded'
import { seedDemo } from '@flectar/db/seed'
import { createDatabase, dropDatabase, startTestPostgres, uniqueDatabaseName } from '@flectar/db/testing'
import { createProject } from '@flectar/sites'
import { repoRoot, startBuiltApp, waitUntilHealthy } from '../e2e/support/apps'
import { launchBrowser } from '../e2e/support/browser'

const MAX_BYTES = 60 * 1024
const SHOT = { width: 1280, height: 800 }
const PICTURE = { width: 640, height: 400 }
/** A made-up business, as the wizard's answers would be: the pictures show no real one. */
const BUSINESS = { address: '1 Example Street\n10001 Example Town', phone: '+1 555 0100', email: 'hello@example.com', currency: 'EUR' }
const NAMES: Record<string, string> = {
  'salon': 'Studio Nova',
  'clinic': 'Riverside Physio',
  'restaurant': 'Casa Lumen',
  'estate-agent': 'Keystone Homes',
  'portfolio': 'Ada Lens',
  'link-in-bio': 'Mia Moves',
}

/** Every template: each is a `templates/<key>.ts` (beside index, fill-template and the tests). */
async function templateKeys(): Promise<string[]> {
  const files = await readdir(path.join(repoRoot, 'templates'))
  return files.filter(file => file.endsWith('.ts') && !file.includes('.test.')).map(file => file.slice(0, -3)).filter(key => !['index', 'fill-template'].includes(key))
}

const keys = process.argv.slice(2).length > 0 ? process.argv.slice(2) : await templateKeys()
const server = await startTestPostgres()
const name = uniqueDatabaseName('flectar_previews')
const url = await createDatabase(server.adminUrl, name)
const storageDir = await mkdtemp(path.join(tmpdir(), 'flectar-previews-'))
let site: ReturnType<typeof startBuiltApp> | undefined
try {
  await runMigrations(url)
  const connection = createDb(url, { max: 1 })
  const { orgId } = await seedDemo(connection.db, { ownerPasswordHash: 'not-used' })
  for (const key of keys) {
    await createProject(connection.db, orgId, { name: NAMES[key] ?? 'Example Business', slug: `preview-${key}`, templateKey: key, timeZone: 'Europe/London', defaultLocale: 'en', ...BUSINESS }, SYSTEM_ACTOR, { published: true })
  }
  await connection.close()

  const port = await findFreePort()
  site = startBuiltApp('site', port, {
    DATABASE_URL: url, ADMIN_URL: 'http://localhost:3000', PLATFORM_DOMAIN: 'localhost', STORAGE_DIR: storageDir,
    SESSION_SECRET: randomBytes(48).toString('base64'), ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  })
  await waitUntilHealthy(site)

  const browser = await launchBrowser()
  const page = await browser.newPage({ viewport: SHOT })
  for (const key of keys) {
    await page.goto(`http://preview-${key}.localhost:${port}/`, { waitUntil: 'networkidle' })
    const png = (await page.screenshot({ type: 'png' })).toString('base64')
    const webp = await page.evaluate(async ({ png, picture, maxBytes }) => {
      const image = new Image()
      image.src = `data:image/png;base64,${png}`
      await image.decode()
      const canvas = document.createElement('canvas')
      canvas.width = picture.width
      canvas.height = picture.height
      const context = canvas.getContext('2d')!
      context.imageSmoothingQuality = 'high'
      context.drawImage(image, 0, 0, picture.width, picture.height)
      for (let quality = 0.9; quality > 0.3; quality -= 0.05) {
        const data = canvas.toDataURL('image/webp', quality).split(',')[1]!
        if (data.length * 0.75 <= maxBytes) return data
      }
      return canvas.toDataURL('image/webp', 0.3).split(',')[1]!
    }, { png, picture: PICTURE, maxBytes: MAX_BYTES })
    const file = path.join(repoRoot, 'templates', key, 'preview.webp')
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, Buffer.from(webp, 'base64'))
    console.log(`✔ templates/${key}/preview.webp ${Math.round((await stat(file)).size / 1024)} KB`)
  }
  await browser.close()
}
finally {
  await site?.stop()
  await dropDatabase(server.adminUrl, name)
  await server.stop()
  await rm(storageDir, { recursive: true, force: true })
}
