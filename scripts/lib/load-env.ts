import { existsSync } from 'node:fs'
import path from 'node:path'

// The root `.env` (if any) configures `pnpm dev` and the db scripts; real env vars win.
const file = path.resolve(import.meta.dirname, '../../.env')
if (existsSync(file)) process.loadEnvFile(file)
