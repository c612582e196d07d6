// One run's work on a keyed message's record: read it, claim it for this run, record the id the
// run ended with, or forget it. Loaded (with the GitHub client) only when a step uses `key`.

import { InputError } from '../errors.js';
import { GitHubApiError, githubClient } from './client.js';
import {
  findRecords,
  forgetRecords,
  isOlderRun,
  type KeyRecord,
  type KeyStore,
  type KeyTarget,
  type StoredRecord,
  writeRecord,
} from './key-store.js';

/** A key whose records have been read: what a keyed write or delete works from. */
export interface OpenKey {
  target: KeyTarget;
  store: KeyStore;
  /** Newest run first; normally one. */
  records: StoredRecord[];
  /** This run (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT). */
  run: { runId: number; runAttempt: number };
  /** Prints a line in the step's log. */
  info: (message: string) => void;
}

/** Reads the key's records; InputError without a token. */
export async function openKey(
  target: KeyTarget,
  githubToken: string | undefined,
  timeoutMs: number,
  info: (message: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<OpenKey> {
  if (!githubToken) {
    throw new InputError(
      "Input 'github_token' is required with 'key' (its record is kept in a pull request or issue comment): pass ${{ github.token }} or set GITHUB_TOKEN, with permission pull-requests: write or issues: write.",
    );
  }
  const store: KeyStore = {
    github: githubClient(githubToken, timeoutMs, env),
    repository: target.repository,
    issue: target.issue,
  };
  const records = await withPermissionHint(findRecords(store, target.key), 'read');
  const run = {
    runId: Number(env.GITHUB_RUN_ID) || 0,
    runAttempt: Number(env.GITHUB_RUN_ATTEMPT) || 1,
  };
  return { target, store, records, run, info };
}

/** True when `record` was written by a newer run than this one: this run must leave it. */
export function isOlder(keyed: OpenKey, record: KeyRecord): boolean {
  return isOlderRun(keyed.run, record);
}

/** Writes the record with this run's ids before Zoom is called; the open key now holds it. */
export async function claimKey(keyed: OpenKey, messageId: string): Promise<OpenKey> {
  const record: KeyRecord = { key: keyed.target.key, messageId, ...keyed.run };
  const stored = await withPermissionHint(writeRecord(keyed.store, record, keyed.records), 'write');
  return { ...keyed, records: [stored] };
}

/** Records the message the run ended with. */
export async function recordKey(keyed: OpenKey, messageId: string): Promise<void> {
  const record: KeyRecord = { key: keyed.target.key, messageId, ...keyed.run };
  await withPermissionHint(writeRecord(keyed.store, record, keyed.records), 'write');
  keyed.info(`Key '${keyed.target.key}' now names Zoom message ${messageId} (on #${keyed.target.issue}).`);
}

/** Removes the key's records. */
export async function forgetKey(keyed: OpenKey): Promise<void> {
  await withPermissionHint(forgetRecords(keyed.store, keyed.records), 'write');
  keyed.info(`Key '${keyed.target.key}' forgotten (on #${keyed.target.issue}).`);
}

// GitHub answers 403 or 404 when the token lacks the permission: say which one to add.
async function withPermissionHint<T>(call: Promise<T>, access: 'read' | 'write'): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof GitHubApiError && (error.status === 403 || error.status === 404)) {
      const permission =
        access === 'read' ? 'pull-requests: read or issues: read' : 'pull-requests: write or issues: write';
      throw new GitHubApiError(
        `${error.message}. The key's record is a comment on the pull request or issue: give the job 'permissions: ${permission}' (the token is github_token).`,
        error.status,
      );
    }
    throw error;
  }
}
