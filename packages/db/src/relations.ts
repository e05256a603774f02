import { relations } from 'drizzle-orm'
import { recoveryCodes, sessions, users } from './schema/accounts'
import { invitations, memberships, organizations } from './schema/orgs'
import { mediaAssets, pageRevisions, pages, projectDomains, projects, redirects } from './schema/sites'

export const usersRelations = relations(users, ({ many }) => ({
  memberships: many(memberships),
  sessions: many(sessions),
  recoveryCodes: many(recoveryCodes),
}))

export const sessionsRelations = relations(sessions, ({ one }) => ({
  user: one(users, { fields: [sessions.userId], references: [users.id] }),
}))

export const recoveryCodesRelations = relations(recoveryCodes, ({ one }) => ({
  user: one(users, { fields: [recoveryCodes.userId], references: [users.id] }),
}))

export const invitationsRelations = relations(invitations, ({ one }) => ({
  org: one(organizations, { fields: [invitations.orgId], references: [organizations.id] }),
  inviter: one(users, { fields: [invitations.invitedBy], references: [users.id] }),
}))

export const organizationsRelations = relations(organizations, ({ many }) => ({
  memberships: many(memberships),
  projects: many(projects),
  invitations: many(invitations),
}))

export const membershipsRelations = relations(memberships, ({ one }) => ({
  org: one(organizations, { fields: [memberships.orgId], references: [organizations.id] }),
  user: one(users, { fields: [memberships.userId], references: [users.id] }),
}))

export const projectsRelations = relations(projects, ({ one, many }) => ({
  org: one(organizations, { fields: [projects.orgId], references: [organizations.id] }),
  pages: many(pages),
  domains: many(projectDomains),
  redirects: many(redirects),
  media: many(mediaAssets),
}))

export const pagesRelations = relations(pages, ({ one, many }) => ({
  project: one(projects, { fields: [pages.projectId], references: [projects.id] }),
  revisions: many(pageRevisions),
}))

export const pageRevisionsRelations = relations(pageRevisions, ({ one }) => ({
  page: one(pages, { fields: [pageRevisions.pageId], references: [pages.id] }),
}))

export const projectDomainsRelations = relations(projectDomains, ({ one }) => ({
  project: one(projects, { fields: [projectDomains.projectId], references: [projects.id] }),
}))

export const redirectsRelations = relations(redirects, ({ one }) => ({
  project: one(projects, { fields: [redirects.projectId], references: [projects.id] }),
}))

export const mediaAssetsRelations = relations(mediaAssets, ({ one }) => ({
  project: one(projects, { fields: [mediaAssets.projectId], references: [projects.id] }),
}))
