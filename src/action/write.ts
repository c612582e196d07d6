// send, edit and upsert: the dry run, the key's claim, the call, the outputs, and what the post
// step needs to finalize the message.

import type { KeyTarget, OpenKey } from '../github/index.js';
import type { Content } from '../message/content.js';
import { editBody, sendBody, writeMessage } from '../zoom/modes.js';
import { FINALIZE_STATE, type FinalizeState } from './post.js';
import type { WriteSettings } from './settings.js';
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

/** Writes the message as the settings say; fills in the step's outputs. */
export async function runWrite(
  settings: WriteSettings,
  content: Content,
  key: KeyTarget | undefined,
  step: Step,
): Promise<void> {
  const { log, outputs, summary } = step;
  summary.target = settings.toJid;
  if (settings.mode !== 'send' && settings.messageId) summary.messageId = settings.messageId;
  if (settings.dryRun) {
    if (key) log.info(`Dry run: key '${key.key}' would be looked up on #${key.issue}.`);
    if (settings.mode === 'edit' || (settings.mode === 'upsert' && settings.messageId)) {
      const path = `im/chat/messages/${encodeURIComponent(settings.messageId ?? '')}`;
      reportDryRun(step, `PUT ${describeUrl(settings, path)}`, editBody(settings, content));
    } else {
      const also = key ? ` (or PUT to the message kept under key '${key.key}', if there is one)` : '';
      const target = `POST ${describeUrl(settings, 'im/chat/messages')}${also}`;
      reportDryRun(step, target, sendBody(settings, content));
    }
    return;
  }
  let target = settings;
  let keyed: OpenKey | undefined;
  let github: GitHubModule | undefined;
  if (key) {
    ({ github, keyed } = await openKey(key, settings, log));
    const [newest] = keyed.records;
    if (newest && github.isOlder(keyed, newest)) {
      skip(step, keyed, newest);
      return;
    }
    const knownId = newest?.messageId || undefined;
    if (knownId) log.info(`Key '${key.key}' names Zoom message ${knownId}.`);
    // Claim the key for this run before calling Zoom. It proves the token may write the record:
    // otherwise a keyed send would post, fail to remember the id, and post again on every run. It
    // also marks this run as the newest, so an older run that starts now skips.
    keyed = await github.claimKey(keyed, knownId ?? '');
    // parseInputs allows key only with upsert (and delete, handled apart).
    if (settings.mode === 'upsert') target = { ...settings, messageId: knownId };
  }
  const client = await connect(settings, log);
  try {
    const outcome = await writeMessage(client, target, content);
    const answer = outcome.zoom.answer;
    outputs.result = outcome.result;
    // An edit's answer names the message; should it not, the id we edited still is the message.
    const editedId = outcome.result === 'edited' && target.mode !== 'send' ? target.messageId : undefined;
    outputs.message_id = String(answer.message_id ?? editedId ?? '');
    outputs.sent_time = String(answer.sent_time ?? '');
    outputs.to_jid = String(answer.to_jid ?? '');
    outputs.robot_jid = String(answer.robot_jid ?? '');
    outputs.response = compactJson(outcome.zoom.text);
    outputs.thread_id = settings.replyTo ?? outputs.message_id;
    summary.messageId = outputs.message_id;
    summary.target = outputs.to_jid || summary.target;
    summary.trackingId = outcome.zoom.trackingId;
    const tracking = outcome.zoom.trackingId ? ` (Zoom tracking id ${outcome.zoom.trackingId})` : '';
    log.info(`Zoom message ${outputs.message_id} ${outcome.result}${tracking}.`);
    if (settings.mode !== 'edit' && outputs.message_id) {
      log.exportVariable('ZOOM_MESSAGE_ID', outputs.message_id);
    }
    if (settings.finalize && outputs.message_id) {
      const state: FinalizeState = {
        messageId: outputs.message_id,
        startedAt: new Date().toISOString(),
        finalize: settings.finalize,
      };
      if (keyed) state.key = { ...keyed.target, ...keyed.run };
      log.saveState(FINALIZE_STATE, JSON.stringify(state));
    }
    if (github && keyed && outputs.message_id) await github.recordKey(keyed, outputs.message_id);
  } finally {
    await client.transport.close();
  }
}
