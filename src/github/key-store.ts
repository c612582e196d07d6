// `key`: the message id kept across workflows in a hidden marker opening one comment on the pull
// request or issue the event is about; GitHub keeps it as long as the thread, no other service.

import { InputError } from '../errors.js';
import { usableMessageId } from '../ids.js';
import { isRecord, parseJsonObject } from '../json.js';
import type { TemplateContext } from '../message/context.js';
import { renderText } from '../message/render.js';
import { type GitHub, GitHubApiError, githubClient, MAX_PAGES, repoOf } from './client.js';

/** What a key remembers. */
export interface KeyRecord {
  key: string;
  messageId: string;
  /** The run (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT) that last wrote the message. */
  runId: number;
  runAttempt: number;
}

/** A record as found in a comment. */
export type StoredRecord = KeyRecord & { commentId: number };

/** A rendered key and where its record lives (owner/name and the pull request or issue). */
export type KeyTarget = { key: string; repository: string; issue: number };

/** Where the records of one pull request or issue live, and the client that reaches them. */
export type KeyStore = Omit<KeyTarget, 'key'> & { github: GitHub };

/** A key whose records have been read: what a keyed write or delete works from. */
export interface OpenKey {
  target: KeyTarget;
  store: KeyStore;
  /** Newest run first; normally one. */
  records: StoredRecord[];
  /** This run (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT). */
  run: { runId: number; runAttempt: number };
  info: (message: string) => void;
}

// The marker opens the comment: a marker quoted further down (a bot echoing a PR body) is not one.
const MARKER = /^<!-- zoom-chatbot-action (\{.*?\}) -->/;
// Anyone can comment on a public pull request, so a marker counts only from someone with write
// access or from the built-in token; not any bot, as bots quote users. Else a stranger could aim
// the next edit or delete at another message, or claim a far-future run to freeze it.
const TRUSTED_ASSOCIATIONS = ['OWNER', 'MEMBER', 'COLLABORATOR'];
const BUILT_IN_TOKEN_LOGIN = 'github-actions[bot]';

/** The rendered key and its thread; InputError when it renders empty or the event has no PR or issue. */
export async function resolveKey(template: string, context: TemplateContext): Promise<KeyTarget> {
  // Rendered raw: the key never reaches Zoom.
  const key = (await renderText(template, context, 'key')).trim();
  if (!key) {
    throw new InputError(
      `Input 'key' ('${template}') renders empty. Expected a name for the message, such as pr-{{ github.event.pull_request.number }}.`,
    );
  }
  const issue = issueNumberOf(context.github.event);
  if (issue === undefined) {
    throw new InputError(
      `Input 'key' needs an event about a pull request or an issue (its record is kept in a comment there); this run's event is '${context.github.event_name || 'unknown'}'.`,
    );
  }
  return { key, repository: context.github.repository, issue };
}

/** The pull request or issue number of the event, if it is about one. */
export function issueNumberOf(event: Record<string, unknown>): number | undefined {
  for (const holder of [event.pull_request, event.issue]) {
    if (isRecord(holder) && typeof holder.number === 'number') return holder.number;
  }
  return typeof event.number === 'number' ? event.number : undefined;
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
  const { repository, issue } = target;
  const store = { github: githubClient(githubToken, timeoutMs, env), repository, issue };
  const records = await withPermissionHint(findRecords(store, target.key), 'read');
  const run = { runId: Number(env.GITHUB_RUN_ID) || 0, runAttempt: Number(env.GITHUB_RUN_ATTEMPT) || 1 };
  return { target, store, records, run, info };
}

/** True when `run` is older than the run that last wrote the record: it must not overwrite it. */
export function isOlderRun(run: { runId: number; runAttempt: number }, record: KeyRecord): boolean {
  return run.runId !== record.runId ? run.runId < record.runId : run.runAttempt < record.runAttempt;
}

/** Writes the record with this run's ids before Zoom is called; the open key now holds it. */
export async function claimKey(keyed: OpenKey, messageId: string): Promise<OpenKey> {
  const record: KeyRecord = { key: keyed.target.key, messageId, ...keyed.run };
  const stored = await withPermissionHint(writeRecord(keyed.store, record, keyed.records), 'write');
  return { ...keyed, records: [stored] };
}

/** Records the message the run ended with. */
export async function recordKey(keyed: OpenKey, messageId: string): Promise<void> {
  await claimKey(keyed, messageId);
  keyed.info(`Key '${keyed.target.key}' now names Zoom message ${messageId} (on #${keyed.target.issue}).`);
}

/** Removes the key's records. */
export async function forgetKey(keyed: OpenKey): Promise<void> {
  await withPermissionHint(forgetRecords(keyed.store, keyed.records), 'write');
  keyed.info(`Key '${keyed.target.key}' forgotten (on #${keyed.target.issue}).`);
}

/** The comment body that holds a record. */
export function commentBody(record: KeyRecord): string {
  const { key, messageId: message_id, runId: run_id, runAttempt: run_attempt } = record;
  const json = JSON.stringify({ key, message_id, run_id, run_attempt })
    // No '<' or '>' inside, so nothing in a key can end the HTML comment early.
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e');
  return `<!-- zoom-chatbot-action ${json} -->\nThis comment keeps the id of a Zoom chat message that a workflow updates (key \`${key.replace(/[`<>]/g, '')}\`). Deleting it makes the next run post a new message.`;
}

/** The record a comment body holds, if any. */
export function parseRecord(body: string): KeyRecord | undefined {
  const { key, message_id, run_id, run_attempt } = parseJsonObject(MARKER.exec(body)?.[1] ?? '') ?? {};
  // An empty message_id is a claim: a run took the key and has not posted yet.
  if (typeof key !== 'string' || (message_id !== '' && !usableMessageId(message_id))) return undefined;
  if (typeof run_id !== 'number' || typeof run_attempt !== 'number') return undefined;
  return { key, messageId: message_id, runId: run_id, runAttempt: run_attempt };
}

// Normally one; two runs racing on a new key may each have created one (the newest wins, and the
// next write or delete tidies up).
/** The records kept under `key`, newest run first. */
export async function findRecords(store: KeyStore, key: string): Promise<StoredRecord[]> {
  let pages = 0;
  const comments = await store.github.paginate(
    'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
    { ...repoOf(store.repository), issue_number: store.issue, per_page: 100 },
    (response, done) => {
      if (++pages >= MAX_PAGES) done();
      return response.data;
    },
  );
  const found: StoredRecord[] = [];
  for (const comment of comments) {
    const trusted =
      (comment.user?.type === 'Bot' && comment.user.login === BUILT_IN_TOKEN_LOGIN) ||
      TRUSTED_ASSOCIATIONS.includes(comment.author_association);
    const record = trusted ? parseRecord(comment.body ?? '') : undefined;
    if (record?.key === key) found.push({ ...record, commentId: comment.id });
  }
  return found.sort((a, b) => (isOlderRun(a, b) ? 1 : isOlderRun(b, a) ? -1 : 0));
}

// Into the newest existing comment, else into a new one; extra copies are removed.
async function writeRecord(store: KeyStore, record: KeyRecord, existing: StoredRecord[]): Promise<StoredRecord> {
  const [newest, ...extra] = existing;
  const comment = { ...repoOf(store.repository), body: commentBody(record) };
  let commentId = newest?.commentId;
  if (newest) await store.github.rest.issues.updateComment({ ...comment, comment_id: newest.commentId });
  else commentId = (await store.github.rest.issues.createComment({ ...comment, issue_number: store.issue })).data.id;
  if (typeof commentId !== 'number') throw new Error('GitHub created the key comment but sent no id');
  await forgetRecords(store, extra);
  return { ...record, commentId };
}

async function forgetRecords(store: KeyStore, records: StoredRecord[]): Promise<void> {
  for (const record of records) {
    await store.github.rest.issues.deleteComment({ ...repoOf(store.repository), comment_id: record.commentId });
  }
}

// GitHub answers 403 or 404 when the token lacks the permission: say which one to add.
async function withPermissionHint<T>(call: Promise<T>, access: 'read' | 'write'): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof GitHubApiError && (error.status === 403 || error.status === 404)) {
      throw new GitHubApiError(
        `${error.message}. The key's record is a comment on the pull request or issue: give the job 'permissions: pull-requests: ${access} or issues: ${access}' (the token is github_token).`,
        error.status,
      );
    }
    throw error;
  }
}
