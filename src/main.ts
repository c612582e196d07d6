// run(): inputs -> content -> render -> Zoom -> outputs. The one place that fails the step.

import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { type Content, checkMarkdownCompatible, parseContent, validateContent } from './content.js';
import { buildContext, parseData } from './context.js';
import { InputError, ZoomApiError, ZoomRequestError } from './errors.js';
import { parseInputs, type Settings } from './inputs.js';
import {
  deleteMessages,
  deleteParams,
  editBody,
  type MessageOutcome,
  sendBody,
  writeMessage,
} from './operations.js';
import { mergeContent, presetContent } from './presets.js';
import { renderContent } from './render.js';
import * as runner from './runner.js';
import { endpoint, mintToken, type ZoomClient } from './zoom.js';

const DEFAULT_API_URL = 'https://api.zoom.us/v2';
const TIMEOUT_MS = 30_000;

/** Every output the action writes; all are written on every run, empty when they do not apply. */
interface Outputs {
  message_id: string;
  sent_time: string;
  to_jid: string;
  robot_jid: string;
  result: 'sent' | 'edited' | 'deleted' | 'dry_run' | 'failed' | '';
  deleted_ids: string;
  response: string;
  request: string;
}

/** Runs the action with the runner's inputs and environment. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const read = (name: string): string => runner.getInput(name, env);
  const outputs: Outputs = {
    message_id: '',
    sent_time: '',
    to_jid: '',
    robot_jid: '',
    result: '',
    deleted_ids: '',
    response: '',
    request: '',
  };
  let failOnError = true;
  try {
    maskCredentials(read, env);
    const settings = parseInputs(read, env);
    failOnError = settings.failOnError;
    logSettings(settings);
    if (settings.mode === 'delete') {
      await runDelete(settings, outputs);
    } else {
      const content = await loadContent(settings, env);
      await runWrite(settings, content, outputs);
    }
  } catch (error) {
    outputs.result = 'failed';
    const message = errorMessage(error);
    if (!failOnError && (error instanceof ZoomApiError || error instanceof ZoomRequestError)) {
      runner.annotate('warning', `${message} (fail_on_error is false: the step goes on)`);
    } else {
      runner.setFailed(message);
    }
    // Zoom's last response: a delete that went on after a failure already holds a later one.
    if (error instanceof ZoomApiError && !outputs.response) {
      outputs.response = compactJson(error.details.body);
    }
  } finally {
    for (const [name, value] of Object.entries(outputs)) runner.setOutput(name, value);
  }
}

function maskCredentials(read: (name: string) => string, env: NodeJS.ProcessEnv): void {
  const values = [
    read('token'),
    read('client_secret'),
    read('client_id'),
    env.ZOOM_CLIENT_SECRET,
    env.ZOOM_CLIENT_ID,
  ];
  for (const value of values) {
    const secret = value?.trim();
    if (!secret) continue;
    runner.setSecret(secret);
  }
}

function logSettings(settings: Settings): void {
  const { auth, ...visible } = settings;
  runner.debug(`mode: ${settings.mode}; auth: ${auth?.kind ?? 'none (dry run)'}`);
  runner.debug(`settings: ${JSON.stringify(visible)}`);
}

async function loadContent(
  settings: Exclude<Settings, { mode: 'delete' }>,
  env: NodeJS.ProcessEnv,
): Promise<Content> {
  const context = buildContext(env, {
    status: settings.status,
    data: await parseData(settings.data),
  });
  const source = settings.content;
  let template: Content | undefined;
  if (source) {
    const text = source.input === 'content' ? source.value : readContentFile(source.value, env);
    template = await parseContent(text, source.input, settings.preset !== undefined);
  }
  if (settings.preset) {
    const preset = presetContent(settings.preset, context, settings.isMarkdown);
    template = template ? mergeContent(preset, template) : preset;
    validateContent(template, source?.input ?? 'preset');
  }
  if (!template) throw new InputError("Input 'content' is required.");
  const name = source?.input ?? 'preset';
  const content = await renderContent(template, context, name, { markdown: settings.isMarkdown });
  if (settings.isMarkdown) checkMarkdownCompatible(content, name);
  const leak = findSecret(content, 'content');
  if (leak) {
    throw new InputError(
      `Input '${name}' at ${leak}: the rendered text holds a credential (a masked secret). Refusing to post it: a template must not print the Zoom credentials or token.`,
    );
  }
  return content;
}

/** The path of the first string leaf that holds a registered secret, if any. */
function findSecret(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return runner.containsSecret(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findSecret(item, `${path}[${index}]`);
      if (found) return found;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      const found = findSecret(child, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

function readContentFile(path: string, env: NodeJS.ProcessEnv): string {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const file = isAbsolute(path) ? path : resolve(workspace, path);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? errorMessage(error);
    throw new InputError(
      `Input 'content_file' names '${path}', which cannot be read (${reason}). Expected a file path relative to the workspace (${workspace}).`,
    );
  }
}

async function runWrite(
  settings: Exclude<Settings, { mode: 'delete' }>,
  content: Content,
  outputs: Outputs,
): Promise<void> {
  if (settings.dryRun) {
    const edits = settings.mode === 'edit' || (settings.mode === 'upsert' && settings.messageId);
    const body = edits ? editBody(settings, content) : sendBody(settings, content);
    const target = edits
      ? `PUT ${describeUrl(settings, `im/chat/messages/${encodeURIComponent(settings.messageId ?? '')}`)}`
      : `POST ${describeUrl(settings, 'im/chat/messages')}`;
    reportDryRun(target, body, outputs);
    return;
  }
  const client = await connect(settings);
  const outcome: MessageOutcome = await writeMessage(client, settings, content);
  const answer = outcome.zoom.answer;
  outputs.result = outcome.result;
  // An edit's answer names the message; should it not, the id we edited still is the message.
  const editedId =
    outcome.result === 'edited' && settings.mode !== 'send' ? settings.messageId : undefined;
  outputs.message_id = String(answer.message_id ?? editedId ?? '');
  outputs.sent_time = String(answer.sent_time ?? '');
  outputs.to_jid = String(answer.to_jid ?? '');
  outputs.robot_jid = String(answer.robot_jid ?? '');
  outputs.response = compactJson(outcome.zoom.text);
  const tracking = outcome.zoom.trackingId ? ` (Zoom tracking id ${outcome.zoom.trackingId})` : '';
  runner.info(`Zoom message ${outputs.message_id} ${outcome.result}${tracking}.`);
  if (settings.mode !== 'edit' && outputs.message_id) {
    runner.exportVariable('ZOOM_MESSAGE_ID', outputs.message_id);
  }
}

async function runDelete(
  settings: Extract<Settings, { mode: 'delete' }>,
  outputs: Outputs,
): Promise<void> {
  const params = deleteParams(settings);
  if (settings.dryRun) {
    const targets = settings.messageIds.map(
      (id) => `DELETE ${describeUrl(settings, `im/chat/messages/${encodeURIComponent(id)}`)}`,
    );
    reportDryRun(targets.join('\n'), params, outputs);
    return;
  }
  const client = await connect(settings);
  const outcome = await deleteMessages(client, settings.messageIds, params);
  outputs.deleted_ids = outcome.deletedIds.join('\n');
  if (outcome.last) {
    outputs.response = compactJson(outcome.last.text);
    outputs.robot_jid = String(outcome.last.answer.robot_jid ?? '');
    outputs.to_jid = String(outcome.last.answer.to_jid ?? '');
    outputs.sent_time = String(outcome.last.answer.sent_time ?? '');
  }
  for (const id of outcome.missingIds) {
    runner.annotate(
      'warning',
      `Zoom message ${id} was already gone (404, code 8001): nothing to delete.`,
    );
  }
  runner.info(
    `Deleted ${outcome.deletedIds.length} of ${settings.messageIds.length} Zoom message(s).`,
  );
  const [first, ...others] = outcome.failures;
  if (!first) {
    outputs.result = 'deleted';
    return;
  }
  for (const failure of others) {
    runner.info(`Could not delete ${failure.messageId}: ${errorMessage(failure.error)}`);
  }
  const more = others.length ? ` (and ${others.length} more, listed above)` : '';
  const error = first.error;
  const prefix = `Could not delete ${first.messageId}${more}: `;
  if (error instanceof ZoomApiError) throw new ZoomApiError(prefix + error.message, error.details);
  if (error instanceof ZoomRequestError)
    throw new ZoomRequestError(prefix + error.message, error.maybeDelivered);
  throw error;
}

async function connect(settings: Settings): Promise<ZoomClient> {
  const auth = settings.auth;
  if (!auth) throw new InputError("Input 'token' or 'client_id' and 'client_secret' is required.");
  if (auth.kind === 'token') {
    return {
      apiUrl: settings.apiUrl ?? new URL(DEFAULT_API_URL),
      token: auth.token,
      timeoutMs: TIMEOUT_MS,
    };
  }
  const minted = await mintToken(settings.oauthUrl, auth.clientId, auth.clientSecret, TIMEOUT_MS);
  runner.setSecret(minted.accessToken);
  return {
    apiUrl: settings.apiUrl ?? apiUrlFromToken(minted.apiUrl),
    token: minted.accessToken,
    timeoutMs: TIMEOUT_MS,
  };
}

// The token answer names the API host (Zoom for Government and other deployments differ).
function apiUrlFromToken(host: string | undefined): URL {
  if (!host) return new URL(DEFAULT_API_URL);
  try {
    const base = host.replace(/\/+$/, '');
    return new URL(base.endsWith('/v2') ? base : `${base}/v2`);
  } catch {
    return new URL(DEFAULT_API_URL);
  }
}

function describeUrl(settings: Settings, path: string): string {
  if (settings.apiUrl) return endpoint(settings.apiUrl, path).href;
  const base =
    settings.auth?.kind === 'credentials' ? '<api_url from the token answer>' : DEFAULT_API_URL;
  return `${base}/${path}`;
}

function reportDryRun(target: string, body: object, outputs: Outputs): void {
  const json = JSON.stringify(body);
  runner.info(
    `Dry run: nothing was sent. Would call:\n${target}\nAuthorization: Bearer ***\n${JSON.stringify(body, null, 2)}`,
  );
  outputs.result = 'dry_run';
  outputs.request = json;
}

function compactJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return JSON.stringify(text);
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
