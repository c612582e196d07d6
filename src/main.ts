// run(): inputs -> content -> render -> Zoom -> outputs. The one place that fails the step.

import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { connectZoom, DEFAULT_API_URL } from './connect.js';
import { type Content, checkMarkdownCompatible, parseContent, validateContent } from './content.js';
import { buildContext, parseData, type TemplateContext } from './context.js';
import { GitHubApiError, InputError, ZoomApiError, ZoomRequestError } from './errors.js';
import {
  FINALIZE_STATE,
  type FinalizeState,
  renderFinalContent,
  withFinalValues,
} from './finalize.js';
import { closeConnections } from './http.js';
import { parseInputs, type Settings } from './inputs.js';
import type { KeyRecord, KeyTarget } from './key-store.js';
import type { OpenKey } from './keyed.js';
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
import { type SummaryInfo, summaryMarkdown } from './summary.js';
import { endpoint, type ZoomClient } from './zoom.js';

// The runner gives the post step the main step's saved state as STATE_* variables, and nothing
// else tells the two apart: the main step always leaves this marker, so the post step can never
// send the message a second time.
const POST_MARKER = 'isPost';

/** Every output the action writes; all are written on every run, empty when they do not apply. */
interface Outputs {
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

/** Runs the action with the runner's inputs and environment. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (runner.getState(POST_MARKER, env)) {
    // Without finalize there is nothing to do: return before loading anything.
    if (!runner.getState(FINALIZE_STATE, env)) return;
    try {
      const { runPost } = await import('./post.js');
      await runPost(env);
    } catch (error) {
      // runPost turns its own errors into warnings; this catches a failure to load it at all.
      runner.annotate('warning', `Zoom finalize: ${errorMessage(error)}`);
    }
    return;
  }
  runner.saveState(POST_MARKER, 'true');
  const read = (name: string): string => runner.getInput(name, env);
  const outputs: Outputs = {
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
  let failOnError = true;
  // Filled in as the run goes; written as the job summary once settings are known.
  let summary: SummaryInfo | undefined;
  try {
    maskCredentials(read, env);
    const settings = parseInputs(read, env);
    failOnError = settings.failOnError;
    summary = { mode: settings.mode, result: '' };
    logSettings(settings);
    const context = buildContext(env, {
      status: settings.status,
      data: await parseData(settings.data),
    });
    if (settings.mode === 'delete') {
      const key = settings.key ? await resolveKey(settings.key, context) : undefined;
      await runDelete(settings, key, env, outputs, summary);
    } else {
      const content = await loadContent(settings, context, env);
      summary.content = content;
      if (settings.finalize) {
        // Render the final message now with a stand-in outcome, so a template error fails here,
        // before any call, rather than in the post step where it could only warn.
        await renderFinalContent(
          settings.finalize,
          settings.preset ?? '',
          withFinalValues(context, 'success', '0s'),
          settings.isMarkdown,
        );
      }
      const key = settings.key ? await resolveKey(settings.key, context) : undefined;
      await runWrite(settings, content, key, env, outputs, summary);
    }
  } catch (error) {
    outputs.result = 'failed';
    const message = errorMessage(error);
    const callFailed =
      error instanceof ZoomApiError ||
      error instanceof ZoomRequestError ||
      error instanceof GitHubApiError;
    if (!failOnError && callFailed) {
      runner.annotate('warning', `${message} (fail_on_error is false: the step goes on)`);
    } else {
      runner.setFailed(message);
    }
    // Zoom's last response: a delete that went on after a failure already holds a later one.
    if (error instanceof ZoomApiError && !outputs.response) {
      outputs.response = compactJson(error.details.body);
    }
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
    read('github_token'),
    env.GITHUB_TOKEN,
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
  const { auth, githubToken, ...visible } = settings;
  runner.debug(`mode: ${settings.mode}; auth: ${auth?.kind ?? 'none (dry run)'}`);
  runner.debug(`github_token: ${githubToken ? 'set' : 'not set'}`);
  runner.debug(`settings: ${JSON.stringify(visible)}`);
}

async function loadContent(
  settings: Exclude<Settings, { mode: 'delete' }>,
  context: TemplateContext,
  env: NodeJS.ProcessEnv,
): Promise<Content> {
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
  const leak = runner.findSecret(content, 'content');
  if (leak) {
    throw new InputError(
      `Input '${name}' at ${leak}: the rendered text holds a credential (a masked secret). Refusing to post it: a template must not print the Zoom credentials or token.`,
    );
  }
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
  key: KeyTarget | undefined,
  env: NodeJS.ProcessEnv,
  outputs: Outputs,
  summary: SummaryInfo,
): Promise<void> {
  summary.target = settings.toJid;
  if (settings.mode !== 'send' && settings.messageId) summary.messageId = settings.messageId;
  if (settings.dryRun) {
    if (key) runner.info(`Dry run: key '${key.key}' would be looked up on #${key.issue}.`);
    const edits = settings.mode === 'edit' || (settings.mode === 'upsert' && settings.messageId);
    const body = edits ? editBody(settings, content) : sendBody(settings, content);
    const target = edits
      ? `PUT ${describeUrl(settings, `im/chat/messages/${encodeURIComponent(settings.messageId ?? '')}`)}`
      : `POST ${describeUrl(settings, 'im/chat/messages')}${key ? ` (or PUT to the message kept under key '${key.key}', if there is one)` : ''}`;
    reportDryRun(target, body, outputs);
    return;
  }
  let target = settings;
  let keyed: OpenKey | undefined;
  let keys: typeof import('./keyed.js') | undefined;
  if (key) {
    ({ keys, keyed } = await openKey(key, settings, env));
    const [newest] = keyed.records;
    if (newest && keys.isOlder(keyed, newest)) {
      skip(keyed, newest, outputs);
      return;
    }
    const knownId = newest?.messageId || undefined;
    if (knownId) runner.info(`Key '${key.key}' names Zoom message ${knownId}.`);
    // Claim the key for this run before calling Zoom. It proves the token may write the record:
    // otherwise a keyed send would post, fail to remember the id, and post again on every run. It
    // also marks this run as the newest, so an older run that starts now skips.
    keyed = await keys.claimKey(keyed, knownId ?? '');
    // parseInputs allows key only with upsert (and delete, handled apart).
    if (settings.mode === 'upsert') target = { ...settings, messageId: knownId };
  }
  const client = await connect(settings);
  const outcome: MessageOutcome = await writeMessage(client, target, content);
  const answer = outcome.zoom.answer;
  outputs.result = outcome.result;
  // An edit's answer names the message; should it not, the id we edited still is the message.
  const editedId =
    outcome.result === 'edited' && target.mode !== 'send' ? target.messageId : undefined;
  outputs.message_id = String(answer.message_id ?? editedId ?? '');
  outputs.sent_time = String(answer.sent_time ?? '');
  outputs.to_jid = String(answer.to_jid ?? '');
  outputs.robot_jid = String(answer.robot_jid ?? '');
  outputs.response = compactJson(outcome.zoom.text);
  summary.messageId = outputs.message_id;
  summary.target = outputs.to_jid || summary.target;
  summary.trackingId = outcome.zoom.trackingId;
  const tracking = outcome.zoom.trackingId ? ` (Zoom tracking id ${outcome.zoom.trackingId})` : '';
  outputs.thread_id = settings.replyTo ?? outputs.message_id;
  runner.info(`Zoom message ${outputs.message_id} ${outcome.result}${tracking}.`);
  if (settings.mode !== 'edit' && outputs.message_id) {
    runner.exportVariable('ZOOM_MESSAGE_ID', outputs.message_id);
  }
  if (settings.finalize && outputs.message_id) {
    const state: FinalizeState = {
      messageId: outputs.message_id,
      startedAt: new Date().toISOString(),
      finalize: settings.finalize,
      preset: settings.preset ?? '',
      robotJid: settings.robotJid,
      accountId: settings.accountId,
      toJid: settings.toJid,
      userJid: settings.userJid,
      isMarkdown: settings.isMarkdown,
      apiUrl: client.apiUrl.href,
      oauthUrl: settings.oauthUrl.href,
      retries: settings.retries,
      timeoutMs: settings.timeoutMs,
    };
    if (keyed) state.key = { ...keyed.target, ...keyed.run };
    runner.saveState(FINALIZE_STATE, JSON.stringify(state));
  }
  if (keys && keyed && outputs.message_id) {
    await keys.recordKey(keyed, outputs.message_id);
  }
}

async function runDelete(
  settings: Extract<Settings, { mode: 'delete' }>,
  key: KeyTarget | undefined,
  env: NodeJS.ProcessEnv,
  outputs: Outputs,
  summary: SummaryInfo,
): Promise<void> {
  summary.target = key
    ? `the message(s) kept under key '${key.key}'`
    : `${settings.messageIds.length} message id(s)`;
  const params = deleteParams(settings);
  if (settings.dryRun && key) {
    runner.info(`Dry run: key '${key.key}' would be looked up on #${key.issue}.`);
  }
  if (settings.dryRun) {
    // The same query string the real call sends (robot_jid, account_id, user_jid).
    const query = new URLSearchParams({ ...params }).toString();
    const ids = key ? [`{each id kept under key '${key.key}'}`] : settings.messageIds;
    const targets = ids.map(
      (id) =>
        `DELETE ${describeUrl(settings, `im/chat/messages/${key ? id : encodeURIComponent(id)}`)}?${query}`,
    );
    reportDryRun(targets.join('\n'), params, outputs);
    return;
  }
  let messageIds = settings.messageIds;
  let keyed: OpenKey | undefined;
  let keys: typeof import('./keyed.js') | undefined;
  if (key) {
    ({ keys, keyed } = await openKey(key, settings, env));
    const [newest] = keyed.records;
    if (!newest) {
      runner.annotate(
        'notice',
        `No Zoom message is kept under key '${key.key}': nothing to delete.`,
      );
      outputs.result = 'deleted';
      return;
    }
    if (keys.isOlder(keyed, newest)) {
      skip(keyed, newest, outputs);
      return;
    }
    // A claim without an id (a run that never posted) has nothing to delete, only a comment.
    messageIds = [...new Set(keyed.records.map((record) => record.messageId).filter(Boolean))];
    summary.target = `${messageIds.length} message id(s) kept under key '${key.key}'`;
  }
  const client = await connect(settings);
  const outcome = await deleteMessages(client, messageIds, params);
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
    `Deleted ${outcome.deletedIds.length} of ${messageIds.length} Zoom message(s); ${outcome.missingIds.length} already gone, ${outcome.failures.length} failed.`,
  );
  for (const row of summary.deletes) runner.info(`${row.messageId}: ${row.outcome}`);
  close();
  const [first, ...others] = outcome.failures;
  if (!first) {
    outputs.result = 'deleted';
    if (keys && keyed) await keys.forgetKey(keyed);
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

async function resolveKey(template: string, context: TemplateContext): Promise<KeyTarget> {
  const { resolveKey: resolve } = await import('./keyed.js');
  return resolve(template, context);
}

// The key's GitHub calls are loaded only when a step uses a key.
async function openKey(
  target: KeyTarget,
  settings: Settings,
  env: NodeJS.ProcessEnv,
): Promise<{ keys: typeof import('./keyed.js'); keyed: OpenKey }> {
  const keys = await import('./keyed.js');
  return { keys, keyed: await keys.openKey(target, settings.githubToken, settings.timeoutMs, env) };
}

function skip(keyed: OpenKey, record: KeyRecord, outputs: Outputs): void {
  outputs.result = 'skipped';
  runner.annotate(
    'notice',
    `Skipped: key '${keyed.target.key}' was last written by run ${record.runId} attempt ${record.runAttempt}, newer than this run (${keyed.run.runId} attempt ${keyed.run.runAttempt}); Zoom message ${record.messageId} is left as that run made it.`,
  );
}

function connect(settings: Settings): Promise<ZoomClient> {
  const auth = settings.auth;
  if (!auth) throw new InputError("Input 'token' or 'client_id' and 'client_secret' is required.");
  return connectZoom({ ...settings, auth });
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
