import { defineConfig } from 'drizzle-kit'

// Migrations live at the repo root (`drizzle/`) so apps, scripts and CI share one history.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: '../../drizzle',
  casing: 'snake_case',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://localhost/flectar' },
})
