// The step's outputs: every one is written on every run, empty when it does not apply.

import type { Log } from './log.js';

/** Every output the action writes. */
export interface Outputs {
  message_id: string;
  sent_time: string;
  to_jid: string;
  robot_jid: string;
  result: 'sent' | 'edited' | 'deleted' | 'dry_run' | 'skipped' | 'failed' | '';
  /** The thread's root: reply_to when replying, else the message's own id. */
  thread_id: string;
  deleted_ids: string;
  response: string;
  request: string;
}

/** All outputs, empty. */
export function emptyOutputs(): Outputs {
  return {
    message_id: '',
    sent_time: '',
    to_jid: '',
    robot_jid: '',
    result: '',
    thread_id: '',
    deleted_ids: '',
    response: '',
    request: '',
  };
}

/** Writes every output. */
export function writeOutputs(log: Log, outputs: Outputs): void {
  for (const [name, value] of Object.entries(outputs)) log.setOutput(name, value);
}

/** A body as one line of JSON: Zoom's JSON compacted, anything else as a JSON string. */
export function compactJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return JSON.stringify(text);
  }
}
