// The one way in to GitHub's API for the action's steps, loaded with import() only by a run that
// needs GitHub (finalize, key), so @actions/github lands in one chunk of dist/.

export { GitHubApiError, githubClient } from './client.js';
export { readJobOutcome } from './job-outcome.js';
export {
  findRecords,
  isOlderRun,
  type KeyRecord,
  type KeyTarget,
  resolveKey,
} from './key-store.js';
export { claimKey, forgetKey, isOlder, type OpenKey, openKey, recordKey } from './keyed.js';
