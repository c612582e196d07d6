// delete: one id, a list, or the ids kept under a key; every id's outcome in the log and summary.

import { errorMessage } from '../errors.js';
import type { KeyTarget } from '../github/index.js';
import { ZoomApiError, ZoomRequestError } from '../zoom/errors.js';
import { type DeleteResult, deleteMessages, deleteParams } from '../zoom/modes.js';
import type { DeleteSettings } from './settings.js';
import { describeUrl, type KeyWork, openKey, reportDryRun, type Step, setAnswerOutputs, withZoom } from './step.js';

/** Deletes the messages the settings (or the key) name; fills in the step's outputs. */
export async function runDelete(settings: DeleteSettings, step: Step, key?: KeyTarget): Promise<void> {
  const { log, outputs, summary } = step;
  summary.target = key ? `the message(s) kept under key '${key.key}'` : `${settings.messageIds.length} message id(s)`;
  const params = deleteParams(settings);
  if (settings.dryRun) {
    // The same query string the real call sends (robot_jid, account_id, user_jid).
    const query = new URLSearchParams({ ...params }).toString();
    const ids = key ? [`{each id kept under key '${key.key}'}`] : settings.messageIds;
    const targets = ids.map(
      (id) => `DELETE ${describeUrl(settings, `im/chat/messages/${key ? id : encodeURIComponent(id)}`)}?${query}`,
    );
    reportDryRun(step, key, targets, params);
    return;
  }
  let messageIds = settings.messageIds;
  let work: KeyWork | undefined;
  if (key) {
    work = await openKey(key, settings, step);
    if (!work) return;
    if (!work.newest) {
      log.notice(`No Zoom message is kept under key '${key.key}': nothing to delete.`);
      outputs.result = 'deleted';
      return;
    }
    // A claim without an id (a run that never posted) has nothing to delete, only a comment.
    messageIds = [...new Set(work.keyed.records.map((record) => record.messageId).filter(Boolean))];
    summary.target = `${messageIds.length} message id(s) kept under key '${key.key}'`;
  }
  const results = await withZoom(settings, log, (client) => deleteMessages(client, messageIds, params));
  const deleted = results.filter((result) => result.status === 'deleted');
  const missing = results.filter((result) => result.status === 'missing');
  const failures = results.filter((result) => result.status === 'failed');
  outputs.deleted_ids = deleted.map((result) => result.messageId).join('\n');
  const last = deleted.at(-1);
  if (last) setAnswerOutputs(outputs, last.zoom);
  for (const { messageId } of missing) {
    log.warning(`Zoom message ${messageId} was already gone (404, code 8001): nothing to delete.`);
  }
  summary.deletes = results.map((result) => ({ messageId: result.messageId, outcome: outcomeOf(result) }));
  const close = log.group(
    `Deleted ${deleted.length} of ${messageIds.length} Zoom message(s); ${missing.length} already gone, ${failures.length} failed.`,
  );
  for (const row of summary.deletes) log.info(`- ${row.messageId}: ${row.outcome}`);
  close();
  const [first, ...others] = failures;
  if (!first) {
    outputs.result = 'deleted';
    if (work) await work.github.forgetKey(work.keyed);
    return;
  }
  const error = first.error;
  if (error instanceof ZoomApiError || error instanceof ZoomRequestError) {
    const more = others.length ? ` (and ${others.length} more, listed above)` : '';
    error.message = `Could not delete ${first.messageId}${more}: ${error.message}`;
  }
  throw error;
}

function outcomeOf(result: DeleteResult): string {
  if (result.status === 'failed') return `failed: ${errorMessage(result.error)}`;
  return result.status === 'deleted' ? 'deleted' : 'already gone (404, code 8001)';
}
