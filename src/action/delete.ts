// delete: one id, a list, or the ids kept under a key; every id's outcome in the log and summary.

import { errorMessage } from '../errors.js';
import type { KeyTarget, OpenKey } from '../github/index.js';
import { ZoomApiError, ZoomRequestError } from '../zoom/errors.js';
import { type DeleteResult, deleteMessages, deleteParams } from '../zoom/modes.js';
import type { DeleteSettings } from './settings.js';
import {
  compactJson,
  connect,
  describeUrl,
  type GitHubModule,
  openKey,
  reportDryRun,
  type Step,
  skip,
} from './step.js';

/** Deletes the messages the settings (or the key) name; fills in the step's outputs. */
export async function runDelete(settings: DeleteSettings, key: KeyTarget | undefined, step: Step): Promise<void> {
  const { log, outputs, summary } = step;
  summary.target = key ? `the message(s) kept under key '${key.key}'` : `${settings.messageIds.length} message id(s)`;
  const params = deleteParams(settings);
  if (settings.dryRun) {
    if (key) log.info(`Dry run: key '${key.key}' would be looked up on #${key.issue}.`);
    // The same query string the real call sends (robot_jid, account_id, user_jid).
    const query = new URLSearchParams({ ...params }).toString();
    const ids = key ? [`{each id kept under key '${key.key}'}`] : settings.messageIds;
    const targets = ids.map(
      (id) => `DELETE ${describeUrl(settings, `im/chat/messages/${key ? id : encodeURIComponent(id)}`)}?${query}`,
    );
    reportDryRun(step, targets.join('\n'), params);
    return;
  }
  let messageIds = settings.messageIds;
  let keyed: OpenKey | undefined;
  let github: GitHubModule | undefined;
  if (key) {
    ({ github, keyed } = await openKey(key, settings, log));
    const [newest] = keyed.records;
    if (!newest) {
      log.notice(`No Zoom message is kept under key '${key.key}': nothing to delete.`);
      outputs.result = 'deleted';
      return;
    }
    if (github.isOlder(keyed, newest)) {
      skip(step, keyed, newest);
      return;
    }
    // A claim without an id (a run that never posted) has nothing to delete, only a comment.
    messageIds = [...new Set(keyed.records.map((record) => record.messageId).filter(Boolean))];
    summary.target = `${messageIds.length} message id(s) kept under key '${key.key}'`;
  }
  const client = await connect(settings, log);
  let results: DeleteResult[];
  try {
    results = await deleteMessages(client, messageIds, params);
  } finally {
    await client.transport.close();
  }
  const deleted = results.flatMap((result) => (result.status === 'deleted' ? [result] : []));
  const missing = results.filter((result) => result.status === 'missing').map((result) => result.messageId);
  const failures = results.flatMap((result) => (result.status === 'failed' ? [result] : []));
  outputs.deleted_ids = deleted.map((result) => result.messageId).join('\n');
  const last = deleted.at(-1)?.zoom;
  if (last) {
    outputs.response = compactJson(last.text);
    outputs.robot_jid = String(last.answer.robot_jid ?? '');
    outputs.to_jid = String(last.answer.to_jid ?? '');
    outputs.sent_time = String(last.answer.sent_time ?? '');
  }
  for (const id of missing) log.warning(`Zoom message ${id} was already gone (404, code 8001): nothing to delete.`);
  // Every id's outcome, in the order given, in the log and in the summary.
  summary.deletes = results.map((result) => ({
    messageId: result.messageId,
    outcome:
      result.status === 'deleted'
        ? 'deleted'
        : result.status === 'missing'
          ? 'already gone (404, code 8001)'
          : `failed: ${errorMessage(result.error)}`,
  }));
  const close = log.group(
    `Deleted ${deleted.length} of ${messageIds.length} Zoom message(s); ${missing.length} already gone, ${failures.length} failed.`,
  );
  for (const row of summary.deletes) log.info(`${row.messageId}: ${row.outcome}`);
  close();
  const [first, ...others] = failures;
  if (!first) {
    outputs.result = 'deleted';
    if (github && keyed) await github.forgetKey(keyed);
    return;
  }
  const more = others.length ? ` (and ${others.length} more, listed above)` : '';
  const error = first.error;
  const prefix = `Could not delete ${first.messageId}${more}: `;
  if (error instanceof ZoomApiError) throw new ZoomApiError(prefix + error.message, error.details);
  if (error instanceof ZoomRequestError) {
    throw new ZoomRequestError(prefix + error.message, error.maybeDelivered);
  }
  throw error;
}
