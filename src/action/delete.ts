// delete: one id, a list, or the ids kept under a key; every id's outcome in the log and summary.

import { errorMessage } from '../errors.js';
import type { KeyTarget, OpenKey } from '../github/index.js';
import { ZoomApiError, ZoomRequestError } from '../zoom/errors.js';
import { deleteMessages, deleteParams } from '../zoom/modes.js';
import { compactJson } from './outputs.js';
import type { DeleteSettings } from './settings.js';
import {
  connect,
  describeUrl,
  type GitHubModule,
  openKey,
  reportDryRun,
  type Step,
  skip,
} from './step.js';

/** Deletes the messages the settings (or the key) name; fills in the step's outputs. */
export async function runDelete(
  settings: DeleteSettings,
  key: KeyTarget | undefined,
  step: Step,
): Promise<void> {
  const { log, outputs, summary } = step;
  summary.target = key
    ? `the message(s) kept under key '${key.key}'`
    : `${settings.messageIds.length} message id(s)`;
  const params = deleteParams(settings);
  if (settings.dryRun) {
    if (key) log.info(`Dry run: key '${key.key}' would be looked up on #${key.issue}.`);
    // The same query string the real call sends (robot_jid, account_id, user_jid).
    const query = new URLSearchParams({ ...params }).toString();
    const ids = key ? [`{each id kept under key '${key.key}'}`] : settings.messageIds;
    const targets = ids.map(
      (id) =>
        `DELETE ${describeUrl(settings, `im/chat/messages/${key ? id : encodeURIComponent(id)}`)}?${query}`,
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
  let outcome: Awaited<ReturnType<typeof deleteMessages>>;
  try {
    outcome = await deleteMessages(client, messageIds, params);
  } finally {
    await client.transport.close();
  }
  outputs.deleted_ids = outcome.deletedIds.join('\n');
  if (outcome.last) {
    outputs.response = compactJson(outcome.last.text);
    outputs.robot_jid = String(outcome.last.answer.robot_jid ?? '');
    outputs.to_jid = String(outcome.last.answer.to_jid ?? '');
    outputs.sent_time = String(outcome.last.answer.sent_time ?? '');
  }
  for (const id of outcome.missingIds) {
    log.warning(`Zoom message ${id} was already gone (404, code 8001): nothing to delete.`);
  }
  // Every id's outcome, in the order given, in the log and in the summary.
  summary.deletes = outcome.results.map((result) => ({
    messageId: result.messageId,
    outcome:
      result.status === 'deleted'
        ? 'deleted'
        : result.status === 'missing'
          ? 'already gone (404, code 8001)'
          : `failed: ${errorMessage(result.error)}`,
  }));
  const close = log.group(
    `Deleted ${outcome.deletedIds.length} of ${messageIds.length} Zoom message(s); ${outcome.missingIds.length} already gone, ${outcome.failures.length} failed.`,
  );
  for (const row of summary.deletes) log.info(`${row.messageId}: ${row.outcome}`);
  close();
  const [first, ...others] = outcome.failures;
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
