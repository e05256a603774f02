import { templates } from '@flectar/templates'

// The starter sites a new project can begin from (summary only).
export default defineEventHandler(async (event) => {
  await requireAuth(event)
  return { data: templates.map(template => ({ key: template.key, name: template.name, description: template.description, category: template.category, pages: template.pages.length })) }
})
