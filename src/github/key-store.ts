// `key`: the message id kept across workflows in a hidden marker inside one comment on the pull
// request or issue the event is about. GitHub keeps it as long as the thread exists, the built-in
// token can write it (pull-requests: write or issues: write), and no other service is involved.

import { InputError } from '../errors.js';
import { isRecord } from '../json.js';
import type { TemplateContext } from '../message/context.js';
import { renderText } from '../message/render.js';
import { type GitHub, MAX_PAGES, repoOf } from './client.js';

/** What a key remembers. */
export interface KeyRecord {
  key: string;
  messageId: string;
  /** The run (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT) that last wrote the message. */
  runId: number;
  runAttempt: number;
}

/** A record as found in a comment. */
export interface StoredRecord extends KeyRecord {
  commentId: number;
}

/** Where the records of one pull request or issue live. */
export interface KeyStore {
  github: GitHub;
  /** owner/name */
  repository: string;
  issue: number;
}

// The marker opens the comment: a marker quoted further down (a bot echoing a PR body) is not one.
const MARKER = /^<!-- zoom-chatbot-action (\{.*?\}) -->/;
// Anyone can comment on a public pull request, so a marker counts only when the comment's author
// could change the workflow anyway (write access) or is the built-in token (github-actions[bot]).
// Not any bot: other bots quote what users write. Otherwise a stranger could aim the next edit or
// delete at another message, or claim a far-future run to freeze the message.
const TRUSTED_ASSOCIATIONS = ['OWNER', 'MEMBER', 'COLLABORATOR'];
const BUILT_IN_TOKEN_LOGIN = 'github-actions[bot]';

/** A rendered key and where its record lives. */
export interface KeyTarget {
  key: string;
  repository: string;
  issue: number;
}

/**
 * Renders the key template and finds the thread that keeps it; InputError when the key renders
 * empty or the event is not about a pull request or issue. Rendered raw: the key never reaches Zoom.
 */
export async function resolveKey(template: string, context: TemplateContext): Promise<KeyTarget> {
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

/** True when `run` is older than the run that last wrote the record: it must not overwrite it. */
export function isOlderRun(run: { runId: number; runAttempt: number }, record: KeyRecord): boolean {
  if (run.runId !== record.runId) return run.runId < record.runId;
  return run.runAttempt < record.runAttempt;
}

/** The comment body that holds a record. */
export function commentBody(record: KeyRecord): string {
  const json = JSON.stringify({
    key: record.key,
    message_id: record.messageId,
    run_id: record.runId,
    run_attempt: record.runAttempt,
  })
    // No '<' or '>' inside, so nothing in a key can end the HTML comment early.
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e');
  return `<!-- zoom-chatbot-action ${json} -->\nThis comment keeps the id of a Zoom chat message that a workflow updates (key \`${record.key.replace(/[`<>]/g, '')}\`). Deleting it makes the next run post a new message.`;
}

/** The record a comment body holds, if any. */
export function parseRecord(body: string): KeyRecord | undefined {
  const json = MARKER.exec(body)?.[1];
  if (!json) return undefined;
  try {
    const value: unknown = JSON.parse(json);
    if (!isRecord(value)) return undefined;
    const { key, message_id, run_id, run_attempt } = value;
    // An empty message_id is a claim: a run took the key and has not posted yet.
    if (typeof key !== 'string' || typeof message_id !== 'string') return undefined;
    if (typeof run_id !== 'number' || typeof run_attempt !== 'number') return undefined;
    return { key, messageId: message_id, runId: run_id, runAttempt: run_attempt };
  } catch {
    return undefined;
  }
}

/**
 * The records kept under `key`, newest run first. Normally one; two runs racing on a new key may
 * each have created one (the newest wins, and the next write or delete tidies up).
 */
export async function findRecords(store: KeyStore, key: string): Promise<StoredRecord[]> {
  let pages = 0;
  const comments: Record<string, unknown>[] = await store.github.paginate(
    'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
    { ...repoOf(store.repository), issue_number: store.issue, per_page: 100 },
    (response, done) => {
      if (++pages >= MAX_PAGES) done();
      return (response.data as unknown[]).filter(isRecord);
    },
  );
  const found: StoredRecord[] = [];
  for (const comment of comments) {
    if (typeof comment.body !== 'string' || typeof comment.id !== 'number') continue;
    if (!isTrusted(comment)) continue;
    const record = parseRecord(comment.body);
    if (record?.key === key) found.push({ ...record, commentId: comment.id });
  }
  return found.sort((a, b) => (isOlderRun(a, b) ? 1 : isOlderRun(b, a) ? -1 : 0));
}

function isTrusted(comment: Record<string, unknown>): boolean {
  const user = isRecord(comment.user) ? comment.user : {};
  if (user.type === 'Bot' && user.login === BUILT_IN_TOKEN_LOGIN) return true;
  return typeof comment.author_association === 'string' && TRUSTED_ASSOCIATIONS.includes(comment.author_association);
}

/**
 * Writes the record: into the newest existing comment, else into a new one; removes extra copies.
 * Returns the record as stored now.
 */
export async function writeRecord(store: KeyStore, record: KeyRecord, existing: StoredRecord[]): Promise<StoredRecord> {
  const [newest, ...extra] = existing;
  const body = { body: commentBody(record) };
  let commentId: number;
  const repo = repoOf(store.repository);
  if (newest) {
    await store.github.rest.issues.updateComment({
      ...repo,
      comment_id: newest.commentId,
      ...body,
    });
    commentId = newest.commentId;
  } else {
    const created = await store.github.rest.issues.createComment({
      ...repo,
      issue_number: store.issue,
      ...body,
    });
    const id: unknown = isRecord(created.data) ? created.data.id : undefined;
    if (typeof id !== 'number') throw new Error('GitHub created the key comment but sent no id');
    commentId = id;
  }
  await forgetRecords(store, extra);
  return { ...record, commentId };
}

/** Deletes the comments holding these records. */
export async function forgetRecords(store: KeyStore, records: StoredRecord[]): Promise<void> {
  for (const record of records) {
    await store.github.rest.issues.deleteComment({
      ...repoOf(store.repository),
      comment_id: record.commentId,
    });
  }
}
