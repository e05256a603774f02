export { startJobs, BOOKING_FILES_PURGE_QUEUE, type JobKind, type RunningJobs, type StartJobsOptions } from './start-jobs'
export { startRepeating, type Repeating } from './start-repeating'
export { siteUrlFromPattern } from './site-url-from-pattern'
