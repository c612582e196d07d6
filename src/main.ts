// run(): inputs -> content -> render -> Zoom -> outputs. The one place that fails the step.

import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { type Content, checkMarkdownCompatible, parseContent } from './content.js';
import { buildContext } from './context.js';
import { InputError, ZoomApiError, ZoomRequestError } from './errors.js';
import { closeConnections } from './http.js';
import { type ContentSource, parseInputs, type Settings } from './inputs.js';
import {
  deleteMessages,
  deleteParams,
  editBody,
  type MessageOutcome,
  sendBody,
  writeMessage,
} from './operations.js';
import { createPacer, DEFAULT_CONCURRENCY, DEFAULT_RATE_PER_SECOND } from './pacer.js';
import { renderContent } from './render.js';
import * as runner from './runner.js';
import { type SummaryInfo, summaryMarkdown } from './summary.js';
import { givenToken, mintedToken } from './token.js';
import { endpoint, mintToken, type ZoomClient } from './zoom.js';

const DEFAULT_API_URL = 'https://api.zoom.us/v2';

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
  // Filled in as the run goes; written as the job summary once settings are known.
  let summary: SummaryInfo | undefined;
  try {
    maskCredentials(read, env);
    const settings = parseInputs(read, env);
    failOnError = settings.failOnError;
    summary = { mode: settings.mode, result: '' };
    logSettings(settings);
    if (settings.mode === 'delete') {
      await runDelete(settings, outputs, summary);
    } else {
      const content = await loadContent(settings.content, settings, env);
      summary.content = content;
      await runWrite(settings, content, outputs, summary);
    }
  } catch (error) {
    outputs.result = 'failed';
    const message = errorMessage(error);
    if (!failOnError && (error instanceof ZoomApiError || error instanceof ZoomRequestError)) {
      runner.annotate('warning', `${message} (fail_on_error is false: the step goes on)`);
    } else {
      runner.setFailed(message);
    }
    if (error instanceof ZoomApiError) outputs.response = compactJson(error.details.body);
    if (summary) summary.error = message;
  } finally {
    for (const [name, value] of Object.entries(outputs)) runner.setOutput(name, value);
    if (summary) {
      summary.result = outputs.result;
      runner.appendSummary(summaryMarkdown(summary));
    }
    await closeConnections();
  }
}

function maskCredentials(read: (name: string) => string, env: NodeJS.ProcessEnv): void {
  const clientId = (read('client_id') || env.ZOOM_CLIENT_ID || '').trim();
  const clientSecret = (read('client_secret') || env.ZOOM_CLIENT_SECRET || '').trim();
  const values = [
    read('token'),
    read('client_secret'),
    read('client_id'),
    env.ZOOM_CLIENT_SECRET,
    env.ZOOM_CLIENT_ID,
    ...proxyPasswords(env),
  ];
  // An error page may echo the Basic header back: its base64 holds the secret in another form.
  if (clientId && clientSecret) {
    values.push(Buffer.from(`${clientId}:${clientSecret}`).toString('base64'));
  }
  for (const value of values) {
    const secret = value?.trim();
    if (!secret) continue;
    runner.setSecret(secret);
    // Bodies that echo input back may hold it JSON- or URL-escaped.
    for (const form of [JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]) {
      if (form !== secret) runner.setSecret(form);
    }
  }
}

// A proxy URL may carry credentials (http://user:password@proxy:3128).
function proxyPasswords(env: NodeJS.ProcessEnv): string[] {
  const passwords: string[] = [];
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) {
    const value = env[name]?.trim();
    if (!value) continue;
    try {
      const url = new URL(value);
      if (url.password) passwords.push(decodeURIComponent(url.password), url.password);
    } catch {
      // Not a URL: undici will say so when it is used.
    }
  }
  return passwords;
}

function logSettings(settings: Settings): void {
  const { auth, ...visible } = settings;
  runner.debug(`mode: ${settings.mode}; auth: ${auth?.kind ?? 'none (dry run)'}`);
  runner.debug(`settings: ${JSON.stringify(visible)}`);
}

async function loadContent(
  source: ContentSource,
  settings: Settings,
  env: NodeJS.ProcessEnv,
): Promise<Content> {
  const text = source.input === 'content' ? source.value : readContentFile(source.value, env);
  const template = await parseContent(text, source.input);
  const content = await renderContent(template, buildContext(env), source.input);
  if (settings.isMarkdown) checkMarkdownCompatible(content, source.input);
  return content;
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
  summary: SummaryInfo,
): Promise<void> {
  summary.target = settings.toJid;
  if (settings.mode !== 'send' && settings.messageId) summary.messageId = settings.messageId;
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
  outputs.message_id = String(
    answer.message_id ?? (settings.mode === 'edit' ? settings.messageId : ''),
  );
  outputs.sent_time = String(answer.sent_time ?? '');
  outputs.to_jid = String(answer.to_jid ?? '');
  outputs.robot_jid = String(answer.robot_jid ?? '');
  outputs.response = compactJson(outcome.zoom.text);
  summary.messageId = outputs.message_id;
  summary.target = outputs.to_jid || summary.target;
  summary.trackingId = outcome.zoom.trackingId;
  const tracking = outcome.zoom.trackingId ? ` (Zoom tracking id ${outcome.zoom.trackingId})` : '';
  runner.info(`Zoom message ${outputs.message_id} ${outcome.result}${tracking}.`);
  if (settings.mode !== 'edit' && outputs.message_id) {
    runner.exportVariable('ZOOM_MESSAGE_ID', outputs.message_id);
  }
}

async function runDelete(
  settings: Extract<Settings, { mode: 'delete' }>,
  outputs: Outputs,
  summary: SummaryInfo,
): Promise<void> {
  summary.target = `${settings.messageIds.length} message id(s)`;
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
  const close = runner.group(
    `Deleted ${outcome.deletedIds.length} of ${settings.messageIds.length} Zoom message(s); ${outcome.missingIds.length} already gone, ${outcome.failures.length} failed.`,
  );
  for (const row of summary.deletes) runner.info(`${row.messageId}: ${row.outcome}`);
  close();
  const [first, ...others] = outcome.failures;
  if (!first) {
    outputs.result = 'deleted';
    return;
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
  const context = {
    retries: settings.retries,
    timeoutMs: settings.timeoutMs,
    log: (message: string) => runner.info(message),
  };
  const pacer = createPacer({
    ratePerSecond: DEFAULT_RATE_PER_SECOND,
    concurrency: DEFAULT_CONCURRENCY,
  });
  if (auth.kind === 'token') {
    return {
      ...context,
      pacer,
      apiUrl: settings.apiUrl ?? new URL(DEFAULT_API_URL),
      tokens: givenToken(auth.token),
    };
  }
  // The token endpoint has its own limits: it gets its own pacer.
  const tokenContext = { ...context, pacer: createPacer({ ratePerSecond: 10, concurrency: 1 }) };
  const mint = async () => {
    const minted = await mintToken(
      settings.oauthUrl,
      auth.clientId,
      auth.clientSecret,
      tokenContext,
    );
    runner.setSecret(minted.accessToken);
    return minted;
  };
  const first = await mint();
  return {
    ...context,
    pacer,
    apiUrl: settings.apiUrl ?? apiUrlFromToken(first.apiUrl),
    tokens: mintedToken(first.accessToken, async () => (await mint()).accessToken),
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
