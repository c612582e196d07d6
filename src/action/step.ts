// What a main step's modes share: the step's writer and outputs, the Zoom client, the dry run's
// report, and the key's GitHub work (loaded only when a step uses a key).

import { InputError } from '../errors.js';
import type { KeyRecord, KeyTarget, OpenKey } from '../github/index.js';
import type { ZoomClient } from '../zoom/client.js';
import { endpoint } from '../zoom/client.js';
import { connectZoom, DEFAULT_API_URL } from '../zoom/connect.js';
import type { Log } from './log.js';
import type { Settings } from './settings.js';
import type { SummaryInfo } from './summary.js';

/** Every output the action writes: all of them on every run, empty when they do not apply. */
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

const OUTPUT_NAMES = 'message_id sent_time to_jid robot_jid result thread_id deleted_ids response request';

/** All outputs, empty. */
export function emptyOutputs(): Outputs {
  return Object.fromEntries(OUTPUT_NAMES.split(' ').map((name) => [name, ''])) as unknown as Outputs;
}

/** A body as one line of JSON: Zoom's JSON compacted, anything else as a JSON string. */
export function compactJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return JSON.stringify(text);
  }
}

/** The main step as its modes see it. */
export interface Step {
  log: Log;
  outputs: Outputs;
  summary: SummaryInfo;
}

/** The GitHub module, loaded for a key. */
export type GitHubModule = typeof import('../github/index.js');

/** A Zoom client for the settings' credentials; close its transport when done. */
export function connect(settings: Settings, log: Log): Promise<ZoomClient> {
  const auth = settings.auth;
  if (!auth) throw new InputError("Input 'token' or 'client_id' and 'client_secret' is required.");
  return connectZoom({
    ...settings,
    auth,
    log: log.info,
    redact: log.secrets.redact,
    addSecret: log.secrets.add,
  });
}

/** The URL a dry run says it would call. */
export function describeUrl(settings: Settings, path: string): string {
  if (settings.apiUrl) return endpoint(settings.apiUrl, path).href;
  const base = settings.auth?.kind === 'credentials' ? '<api_url from the token answer>' : DEFAULT_API_URL;
  return `${base}/${path}`;
}

/** Prints what a dry run would send and sets its outputs. */
export function reportDryRun(step: Step, target: string, body: object): void {
  step.log.info(
    `Dry run: nothing was sent. Would call:\n${target}\nAuthorization: Bearer ***\n${JSON.stringify(body, null, 2)}`,
  );
  step.outputs.result = 'dry_run';
  step.outputs.request = JSON.stringify(body);
}

/** Reads the key's records, with GitHub's module loaded for the rest of the step's key work. */
export async function openKey(
  target: KeyTarget,
  settings: Settings,
  log: Log,
): Promise<{ github: GitHubModule; keyed: OpenKey }> {
  const github = await import('../github/index.js');
  const keyed = await github.openKey(target, settings.githubToken, settings.timeoutMs, log.info);
  return { github, keyed };
}

/** Renders the key input and finds the thread that keeps it. */
export async function resolveKey(
  template: string,
  context: Parameters<GitHubModule['resolveKey']>[1],
): Promise<KeyTarget> {
  const github = await import('../github/index.js');
  return github.resolveKey(template, context);
}

/** A newer run wrote the key's message: this one leaves it. */
export function skip(step: Step, keyed: OpenKey, record: KeyRecord): void {
  step.outputs.result = 'skipped';
  step.log.notice(
    `Skipped: key '${keyed.target.key}' was last written by run ${record.runId} attempt ${record.runAttempt}, newer than this run (${keyed.run.runId} attempt ${keyed.run.runAttempt}); Zoom message ${record.messageId} is left as that run made it.`,
  );
}
