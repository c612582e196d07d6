// send, edit and upsert: the dry run, the key's claim, the call, the outputs, the post step's state.

import { errorMessage } from '../errors.js';
import type { KeyTarget } from '../github/index.js';
import type { Content } from '../message/content.js';
import { trackingNote } from '../zoom/errors.js';
import { editBody, type MessageOutcome, sendBody, writeMessage } from '../zoom/modes.js';
import { FINALIZE_STATE, type FinalizeState } from './post.js';
import type { WriteSettings } from './settings.js';
import type { KeyWork, Step } from './step.js';
import { describeUrl, openKey, reportDryRun, setAnswerOutputs, withZoom } from './step.js';

/** Writes the message as the settings say; fills in the step's outputs. */
export async function runWrite(settings: WriteSettings, content: Content, step: Step, key?: KeyTarget): Promise<void> {
  const { log, summary } = step;
  summary.target = settings.toJid;
  if (settings.mode !== 'send' && settings.messageId) summary.messageId = settings.messageId;
  if (settings.dryRun) {
    if (settings.mode === 'edit' || (settings.mode === 'upsert' && settings.messageId)) {
      const path = `im/chat/messages/${encodeURIComponent(settings.messageId ?? '')}`;
      reportDryRun(step, key, [`PUT ${describeUrl(settings, path)}`], editBody(settings, content));
    } else {
      const also = key ? ` (or PUT to the message kept under key '${key.key}', if there is one)` : '';
      const url = describeUrl(settings, 'im/chat/messages');
      reportDryRun(step, key, [`POST ${url}${also}`], sendBody(settings, content));
    }
    return;
  }
  let target = settings;
  let work: KeyWork | undefined;
  if (key) {
    work = await openKey(key, settings, step);
    if (!work) return;
    const knownId = work.newest?.messageId || undefined;
    if (knownId) log.info(`Key '${key.key}' names Zoom message ${knownId}.`);
    // Claim the key before calling Zoom: it proves the token may write the record (else a keyed send
    // would post, fail to remember the id, and post again on every run), and marks this run as the
    // newest, so an older run that starts now skips.
    work.keyed = await work.github.claimKey(work.keyed, knownId ?? '');
    // parseInputs allows key only with upsert (and delete, handled apart).
    if (settings.mode === 'upsert') target = { ...settings, messageId: knownId };
  }
  await withZoom(settings, log, async (client) => {
    const outcome = await writeMessage(client, target, content);
    // An edit's id is the id edited, whatever the answer says; a send's was checked by sendMessage.
    const messageId =
      outcome.result === 'edited' && target.mode !== 'send'
        ? (target.messageId ?? '')
        : String(outcome.zoom.answer.message_id);
    // Zoom took the message: from here nothing may fail the step, or a re-run would post it again.
    try {
      report(settings, messageId, outcome, step, work);
    } catch (error) {
      log.warning(`Zoom took the call, but reporting it failed: ${errorMessage(error)}. The step's result stands.`);
    }
    // Known whatever the report did, so the key keeps it and a later run edits rather than posts.
    if (work && messageId) await work.github.recordKey(work.keyed, messageId);
  });
}

// The outputs, log lines, exported id and post-step state of a message Zoom took.
function report(settings: WriteSettings, messageId: string, outcome: MessageOutcome, step: Step, work?: KeyWork) {
  const { log, outputs, summary } = step;
  const { trackingId } = outcome.zoom;
  outputs.result = outcome.result;
  outputs.message_id = messageId;
  outputs.thread_id = settings.replyTo ?? outputs.message_id;
  summary.messageId = outputs.message_id;
  summary.trackingId = trackingId;
  setAnswerOutputs(outputs, outcome.zoom);
  summary.target = outputs.to_jid || summary.target;
  log.info(`Zoom message ${outputs.message_id} ${outcome.result}${trackingNote(trackingId)}.`);
  if (settings.mode !== 'edit') log.exportVariable('ZOOM_MESSAGE_ID', outputs.message_id);
  if (settings.finalize) {
    const startedAt = new Date().toISOString();
    const state: FinalizeState = { messageId: outputs.message_id, startedAt, finalize: settings.finalize };
    if (work) state.key = { ...work.keyed.target, ...work.keyed.run };
    log.saveState(FINALIZE_STATE, JSON.stringify(state));
  }
}
