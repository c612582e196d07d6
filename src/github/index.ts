// The one way in to GitHub's API for the action's steps, loaded with import() only by a run that
// needs GitHub (finalize, key), so @actions/github lands in one chunk of dist/.

export { GitHubApiError, githubClient } from './client.js';
export { readJobOutcome } from './job-outcome.js';
export type { KeyRecord, KeyTarget, OpenKey } from './key-store.js';
export { claimKey, findRecords, forgetKey, isOlderRun, openKey, recordKey, resolveKey } from './key-store.js';
