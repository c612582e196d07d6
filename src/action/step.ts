// What the main step's modes share: outputs, the Zoom client, the dry run's report, the key (GitHub loaded lazily).

import { InputError } from '../errors.js';
import type { KeyRecord, KeyTarget, OpenKey } from '../github/index.js';
import type { TemplateContext } from '../message/context.js';
import { endpoint, type ZoomClient, type ZoomResult } from '../zoom/client.js';
import { connectZoom, DEFAULT_API_URL } from '../zoom/connect.js';
import type { Log } from './log.js';
import type { Settings } from './settings.js';
import type { SummaryInfo } from './summary.js';

/** Every output the action writes, empty: all of them are written on every run, '' when they do not apply. */
export function emptyOutputs() {
  return {
    message_id: '',
    sent_time: '',
    to_jid: '',
    robot_jid: '',
    result: '' as 'sent' | 'edited' | 'deleted' | 'dry_run' | 'skipped' | 'failed' | '',
    // The thread's root: reply_to when replying, else the message's own id.
    thread_id: '',
    deleted_ids: '',
    response: '',
    request: '',
  };
}

/** The step's outputs, by name. */
export type Outputs = ReturnType<typeof emptyOutputs>;

// GitHub keeps at most 1 MB of a step's outputs in all; no real answer of Zoom's comes near this.
const MAX_OUTPUT = 64 * 1024;

/** A body for the `response` output: Zoom's JSON compacted (anything else as a JSON string), cut to 64 KiB. */
export function responseOutput(text: string): string {
  let json: string;
  try {
    json = JSON.stringify(JSON.parse(text));
  } catch {
    json = JSON.stringify(text);
  }
  if (json.length <= MAX_OUTPUT) return json;
  return `${json.slice(0, MAX_OUTPUT)}… (cut: the answer is ${json.length} characters; this output keeps the first ${MAX_OUTPUT})`;
}

/** Zoom's answer in the outputs: the body, and the fields every answer names, each a short string. */
export function setAnswerOutputs(outputs: Outputs, zoom: ZoomResult): void {
  outputs.response = responseOutput(zoom.text);
  for (const name of ['sent_time', 'to_jid', 'robot_jid'] as const) {
    const value = zoom.answer[name];
    const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    outputs[name] = text.length <= 1000 ? text : '';
  }
}

/** The main step as its modes see it. */
export type Step = { log: Log; outputs: Outputs; summary: SummaryInfo };

/** Calls `use` with a Zoom client for the settings' credentials, and closes its connections after. */
export async function withZoom<T>(settings: Settings, log: Log, use: (client: ZoomClient) => Promise<T>): Promise<T> {
  const auth = settings.auth;
  if (!auth) throw new InputError("Input 'token' (or 'client_id' and 'client_secret') is required.");
  const { redact, add } = log.secrets;
  const client = await connectZoom({ ...settings, auth, log: log.info, redact, addSecret: add });
  try {
    return await use(client);
  } finally {
    await client.transport.close();
  }
}

/** The URL a dry run says it would call. */
export function describeUrl(settings: Settings, path: string): string {
  if (settings.apiUrl) return endpoint(settings.apiUrl, path).href;
  const base = settings.auth?.kind === 'credentials' ? '<api_url from the token answer>' : DEFAULT_API_URL;
  return `${base}/${path}`;
}

/** Prints what a dry run would send and sets its outputs. */
export function reportDryRun(step: Step, key: KeyTarget | undefined, targets: string[], body: object): void {
  if (key) step.log.info(`Dry run: key '${key.key}' would be looked up on #${key.issue}.`);
  const request = JSON.stringify(body, null, 2).split('\n');
  step.log.lines(['Dry run: nothing was sent. Would call:', ...targets, 'Authorization: Bearer ***', ...request]);
  step.outputs.result = 'dry_run';
  step.outputs.request = JSON.stringify(body);
}

/** Ends a run that missing_credentials 'skip' lets pass without credentials: one notice, nothing called. */
export function reportSkip(step: Step): void {
  step.outputs.result = 'skipped';
  step.log.notice(
    "Skipped: no Zoom credentials are set (token, or client_id and client_secret, or ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET), as on a pull request from a fork or from Dependabot, where secrets are empty. With missing_credentials 'skip' the step calls nothing.",
  );
}

/** The rendered key input and the thread that keeps it; undefined without a key. */
export async function resolveKey(settings: Settings, context: TemplateContext): Promise<KeyTarget | undefined> {
  if (!settings.key) return undefined;
  const github = await import('../github/index.js');
  return github.resolveKey(settings.key, context);
}

/** An open key, with GitHub's module loaded for the rest of the step's key work. */
export type KeyWork = { github: typeof import('../github/index.js'); keyed: OpenKey; newest: KeyRecord | undefined };

/** Reads the key's records; undefined when a newer run wrote its message, which this run leaves. */
export async function openKey(target: KeyTarget, settings: Settings, step: Step): Promise<KeyWork | undefined> {
  const github = await import('../github/index.js');
  const keyed = await github.openKey(target, settings.githubToken, settings.timeoutMs, step.log.info);
  const [newest] = keyed.records;
  if (!newest || !github.isOlderRun(keyed.run, newest)) return { github, keyed, newest };
  step.outputs.result = 'skipped';
  step.log.notice(
    `Skipped: key '${target.key}' was last written by run ${newest.runId} attempt ${newest.runAttempt}, newer than this run (${keyed.run.runId} attempt ${keyed.run.runAttempt}); Zoom message ${newest.messageId} is left as that run made it.`,
  );
  return undefined;
}
