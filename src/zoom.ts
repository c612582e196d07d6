// Zoom's chatbot API: mint a token, send, edit and delete a message.

import type { Content } from './content.js';
import { ZoomApiError, type ZoomErrorDetails } from './errors.js';
import { type HttpRequest, type HttpResponse, request } from './http.js';
import {
  type Attempted,
  describeReset,
  MAX_WAIT_MS,
  type Operation,
  outcomeUnknown,
  type RetryContext,
  withRetries,
} from './retry.js';
import { redact } from './runner.js';
import type { TokenSource } from './token.js';

/** What Zoom answers for send, edit and delete. */
export interface ZoomMessageAnswer {
  message_id?: string;
  robot_jid?: string;
  sent_time?: string;
  to_jid?: string;
  [key: string]: unknown;
}

/** A Zoom answer: the parsed body and the raw text it came from. */
export interface ZoomResult {
  answer: ZoomMessageAnswer;
  text: string;
  trackingId: string | undefined;
}

/** Where and how to call the message endpoints. */
export interface ZoomClient extends RetryContext {
  apiUrl: URL;
  tokens: TokenSource;
  timeoutMs: number;
}

/** A minted chatbot token and the API host the token answer names. */
export interface MintedToken {
  accessToken: string;
  apiUrl: string | undefined;
}

/** The body of a send (POST) or edit (PUT). */
export interface MessageBody {
  robot_jid: string;
  account_id: string;
  to_jid?: string;
  user_jid?: string;
  visible_to_user?: string;
  reply_to?: string;
  is_markdown_support?: boolean;
  content: Content;
}

/** Who deletes: sent in the query string (current reference) and the JSON body (older guide). */
export interface DeleteParams {
  robot_jid: string;
  account_id: string;
  user_jid?: string;
}

/** Mints a chatbot token with the client_credentials grant; retried like an edit. */
export async function mintToken(
  oauthUrl: URL,
  clientId: string,
  clientSecret: string,
  context: RetryContext & { timeoutMs: number },
): Promise<MintedToken> {
  const operation = 'token request';
  const attempted = await withRetries(operation, 'Zoom token request', context, () =>
    request({
      method: 'POST',
      url: oauthUrl,
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      // In the form body, as Zoom's SDK sends it; Zoom also accepts it in the query string.
      body: 'grant_type=client_credentials',
      timeoutMs: context.timeoutMs,
    }),
  );
  const answer = answerOf(operation, attempted, context);
  const accessToken = answer.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw apiError(operation, attempted.response, {
      note: `the answer holds no access_token (${bodyStart(attempted.response.text)})`,
    });
  }
  return {
    accessToken,
    apiUrl: typeof answer.api_url === 'string' && answer.api_url ? answer.api_url : undefined,
  };
}

/** POST /im/chat/messages. */
export function sendMessage(client: ZoomClient, body: MessageBody): Promise<ZoomResult> {
  return call(client, 'send', 'Zoom send', 'POST', 'im/chat/messages', body);
}

/** PUT /im/chat/messages/{id}: the content replaces the whole message. */
export function editMessage(
  client: ZoomClient,
  messageId: string,
  body: MessageBody,
): Promise<ZoomResult> {
  const path = `im/chat/messages/${encodeURIComponent(messageId)}`;
  return call(client, 'edit', `Zoom edit of ${messageId}`, 'PUT', path, body);
}

/** DELETE /im/chat/messages/{id}. */
export function deleteMessage(
  client: ZoomClient,
  messageId: string,
  params: DeleteParams,
): Promise<ZoomResult> {
  const path = `im/chat/messages/${encodeURIComponent(messageId)}?${new URLSearchParams({ ...params })}`;
  return call(client, 'delete', `Zoom delete of ${messageId}`, 'DELETE', path, params);
}

/** The URL a message request goes to: `path` below the API base. */
export function endpoint(apiUrl: URL, path: string): URL {
  const base = apiUrl.href.endsWith('/') ? apiUrl.href : `${apiUrl.href}/`;
  return new URL(path, base);
}

async function call(
  client: ZoomClient,
  operation: Operation,
  label: string,
  method: HttpRequest['method'],
  path: string,
  body: object,
): Promise<ZoomResult> {
  const url = endpoint(client.apiUrl, path);
  const payload = JSON.stringify(body);
  let used = '';
  const send = (): Promise<HttpResponse> => {
    used = client.tokens.current();
    return request({
      method,
      url,
      headers: {
        authorization: `Bearer ${used}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: payload,
      timeoutMs: client.timeoutMs,
    });
  };
  let attempted = await withRetries(operation, label, client, send);
  let renewed = false;
  // A minted token can expire or be revoked mid-run: mint once more and try once more. Zoom refused
  // the request, so even a send is safe to repeat.
  if (attempted.response.status === 401 && client.tokens.renewable) {
    const fresh = await client.tokens.renew(used);
    if (fresh !== undefined) {
      renewed = true;
      client.log(`${label}: HTTP 401, the token was refused; trying once more with a new token.`);
      attempted = await withRetries(operation, label, client, send);
    }
  }
  if (attempted.response.status === 401 && client.tokens.renewable) {
    const hint = renewed
      ? 'A token minted again in this run was refused too: check that the app is a Team Chat (chatbot) app with the imchat:bot scope, and that it is activated.'
      : 'A token minted in this run was refused: check that the app is a Team Chat (chatbot) app with the imchat:bot scope.';
    throw apiError(operation, attempted.response, { hint });
  }
  const { response } = attempted;
  // A delete that went through but whose answer was lost is retried, and Zoom then says the message
  // does not exist: it is gone, as asked.
  if (
    operation === 'delete' &&
    attempted.mayHaveActed &&
    response.status === 404 &&
    Number(details(response).code) === 8001
  ) {
    client.log(`${label}: gone on retry: an earlier attempt deleted it.`);
    return { answer: {}, text: response.text, trackingId: trackingId(response) };
  }
  const answer = answerOf(operation, attempted, client);
  return { answer, text: response.text, trackingId: trackingId(response) };
}

/** The JSON object of a 2xx answer; throws ZoomApiError for anything else. */
function answerOf(
  operation: Operation,
  { response, attempts, resetAt }: Attempted,
  context: RetryContext,
): Record<string, unknown> {
  if (resetAt) {
    const when = describeReset(resetAt);
    const limit = `Zoom's rate limit resets at ${when}, more than the ${MAX_WAIT_MS / 1000} s the action waits: try again after then, or make fewer calls.`;
    context.pacer.halt(
      new ZoomApiError(`Zoom ${operation} not attempted: ${limit}`, details(response)),
    );
    throw apiError(operation, response, { hint: limit });
  }
  const ok = response.status >= 200 && response.status <= 299;
  const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
  if (!ok) {
    const unknown = outcomeUnknown(operation, response.status)
      ? "The message may have been posted: Zoom may have stored it before the error, so it was not sent again (a second send could post it twice). Zoom's support can tell from the tracking id."
      : undefined;
    throw apiError(operation, response, { tries, extra: unknown });
  }
  const answer = parseJson(response.text);
  if (!answer) {
    const posted =
      operation === 'send'
        ? ' The message was probably posted, but its id is unknown.'
        : ` Whether the ${operation} happened is unknown.`;
    throw apiError(operation, response, {
      note: `the answer is not a JSON object (${describeType(response)}${bodyStart(response.text)}): a proxy or gateway may have answered instead of Zoom.${posted}`,
      hint: '',
    });
  }
  return answer;
}

function trackingId(response: HttpResponse): string | undefined {
  const value = response.headers['x-zm-trackingid'];
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

interface ErrorParts {
  /** Replaces Zoom's message. */
  note?: string;
  /** Replaces the hint for known failures. */
  hint?: string;
  /** Said after the hint. */
  extra?: string | undefined;
  /** " (4 attempts)" after the status. */
  tries?: string;
}

function details(response: HttpResponse): ZoomErrorDetails {
  const json = parseJson(response.text);
  const code =
    typeof json?.code === 'number' || typeof json?.code === 'string'
      ? json.code
      : typeof json?.error === 'string'
        ? json.error
        : undefined;
  const said =
    typeof json?.message === 'string'
      ? json.message
      : typeof json?.reason === 'string'
        ? json.reason
        : `${describeType(response)}${bodyStart(response.text)}`;
  // Zoom's validation errors (code 300) list each field; the error line says which. One line.
  const fields = Array.isArray(json?.errors)
    ? json.errors
        .map((entry: unknown) => {
          const field =
            typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
          return typeof field.field === 'string'
            ? `${field.field}: ${String(field.message ?? '')}`
            : '';
        })
        .filter(Boolean)
    : [];
  const message = [said, ...fields].join('; ').replace(/\s+/g, ' ').trim();
  return {
    status: response.status,
    code,
    zoomMessage: message,
    trackingId: trackingId(response),
    body: response.text,
  };
}

// Zoom's API errors are {code, message}; the token endpoint's are OAuth's {error, reason}; a proxy
// or gateway may send HTML or cut JSON short. Parse defensively and keep the raw text.
function apiError(
  operation: Operation,
  response: HttpResponse,
  parts: ErrorParts = {},
): ZoomApiError {
  const info = details(response);
  const message = parts.note ?? info.zoomMessage;
  const codeText = info.code === undefined ? '' : `, code ${info.code}`;
  const tracking = info.trackingId ? ` (Zoom tracking id ${info.trackingId})` : '';
  const hint = parts.hint ?? hintFor(operation, info);
  const said = [hint, parts.extra].filter(Boolean).join(' ');
  const failed = response.status >= 200 && response.status <= 299 ? 'answer unreadable' : 'failed';
  return new ZoomApiError(
    `Zoom ${operation} ${failed}: HTTP ${response.status}${codeText}${parts.tries ?? ''}: ${message.replace(/\.$/, '')}.${said ? ` ${said}` : ''}${tracking}`,
    info,
  );
}

function describeType(response: HttpResponse): string {
  const type = response.headers['content-type'];
  return type ? `${type.split(';')[0]}, ` : '';
}

// Secrets are masked before the body is cut short: a cut could split one and let half of it out.
function bodyStart(text: string): string {
  const flat = redact(text)
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!flat) return 'empty body';
  return `body: ${flat.length > 200 ? `${flat.slice(0, 200)}…` : flat}`;
}

/** A hint for the failures whose cause is known. */
function hintFor(operation: Operation, { status, code }: ZoomErrorDetails): string {
  if (status === 429) {
    return "Zoom's rate limit for the account was still reached after the retries: space the calls out, or raise 'retries'.";
  }
  if (status >= 500) return '';
  if (operation === 'token request') {
    if (code === 'invalid_client' || status === 401) {
      return "Check 'client_id' and 'client_secret': the Client ID and Client Secret on the chatbot app's App Credentials page.";
    }
    return "Check 'oauth_url' and that the app is a Team Chat (chatbot) app.";
  }
  switch (code) {
    case 7010:
    case 124:
      return "The token was refused: a 'token' input must be a chatbot token (client_credentials) less than an hour old; or set 'client_id' and 'client_secret' so the action mints one.";
    case 4711:
      return "The app lacks a scope: add 'imchat:bot' to the chatbot app's scopes.";
    case 7002:
    case 7003:
      return "Check 'robot_jid': the Bot JID on the app's Features page, for the same app as the credentials.";
    case 7004:
      if (operation === 'delete')
        return "Check 'account_id' and 'robot_jid': the bot is not allowed to delete it.";
      return "Check 'to_jid' (the bot must be added to that channel, or the user must have the app) and 'account_id'.";
    case 7001:
      return "Zoom refused the request body: check the content's shape, and that no message item has 'link' when is_markdown_support is true.";
    case 8001:
      return "Check 'message_id': the message does not exist or was deleted (mode 'upsert' sends a new one instead).";
    default:
      if (status === 401) return "Check 'token', or 'client_id' and 'client_secret'.";
      if (status === 404 && (code === undefined || Number(code) === 404))
        return "Check 'api_url': it should end in /v2, e.g. https://api.zoom.us/v2.";
      return '';
  }
}
