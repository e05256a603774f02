import { relations } from 'drizzle-orm'
import { users } from './schema/accounts'
import { memberships, organizations } from './schema/orgs'
import { pages, projects } from './schema/sites'

export const usersRelations = relations(users, ({ many }) => ({
  memberships: many(memberships),
}))

export const organizationsRelations = relations(organizations, ({ many }) => ({
  memberships: many(memberships),
  projects: many(projects),
}))

export const membershipsRelations = relations(memberships, ({ one }) => ({
  org: one(organizations, { fields: [memberships.orgId], references: [organizations.id] }),
  user: one(users, { fields: [memberships.userId], references: [users.id] }),
}))

export const projectsRelations = relations(projects, ({ one, many }) => ({
  org: one(organizations, { fields: [projects.orgId], references: [organizations.id] }),
  pages: many(pages),
}))

export const pagesRelations = relations(pages, ({ one }) => ({
  project: one(projects, { fields: [pages.projectId], references: [projects.id] }),
}))
