export { projectSlugFromHost } from './project-slug-from-host'
export { findPublishedPage, findProjectBySlug, type PublishedPage } from './find-published-page'
