// Zoom's chatbot API: mint a token, send, edit and delete a message.

import type { Content } from './content.js';
import { ZoomApiError, type ZoomErrorDetails } from './errors.js';
import { type HttpRequest, type HttpResponse, request } from './http.js';

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
export interface ZoomClient {
  apiUrl: URL;
  token: string;
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

/** Mints a chatbot token with the client_credentials grant. */
export async function mintToken(
  oauthUrl: URL,
  clientId: string,
  clientSecret: string,
  timeoutMs: number,
): Promise<MintedToken> {
  const response = await request({
    method: 'POST',
    url: oauthUrl,
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    // In the form body, as Zoom's SDK sends it; Zoom also accepts it in the query string.
    body: 'grant_type=client_credentials',
    timeoutMs,
  });
  if (response.status < 200 || response.status > 299) throw apiError('token request', response);
  const answer = parseJson(response.text);
  const accessToken = answer?.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw apiError(
      'token request',
      { ...response, status: 502 },
      'the answer holds no access_token',
    );
  }
  return {
    accessToken,
    apiUrl: typeof answer?.api_url === 'string' && answer.api_url ? answer.api_url : undefined,
  };
}

/** POST /im/chat/messages. */
export function sendMessage(client: ZoomClient, body: MessageBody): Promise<ZoomResult> {
  return call(client, 'send', 'POST', 'im/chat/messages', body);
}

/** PUT /im/chat/messages/{id}: the content replaces the whole message. */
export function editMessage(
  client: ZoomClient,
  messageId: string,
  body: MessageBody,
): Promise<ZoomResult> {
  return call(client, 'edit', 'PUT', `im/chat/messages/${encodeURIComponent(messageId)}`, body);
}

/** DELETE /im/chat/messages/{id}. */
export function deleteMessage(
  client: ZoomClient,
  messageId: string,
  params: DeleteParams,
): Promise<ZoomResult> {
  const path = `im/chat/messages/${encodeURIComponent(messageId)}?${new URLSearchParams({ ...params })}`;
  return call(client, 'delete', 'DELETE', path, params);
}

/** The URL a message request goes to: `path` below the API base. */
export function endpoint(apiUrl: URL, path: string): URL {
  const base = apiUrl.href.endsWith('/') ? apiUrl.href : `${apiUrl.href}/`;
  return new URL(path, base);
}

async function call(
  client: ZoomClient,
  operation: string,
  method: HttpRequest['method'],
  path: string,
  body: object,
): Promise<ZoomResult> {
  const response = await request({
    method,
    url: endpoint(client.apiUrl, path),
    headers: {
      authorization: `Bearer ${client.token}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify(body),
    timeoutMs: client.timeoutMs,
  });
  if (response.status < 200 || response.status > 299) throw apiError(operation, response);
  return {
    answer: parseJson(response.text) ?? {},
    text: response.text,
    trackingId: trackingId(response),
  };
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

// Zoom's API errors are {code, message}; the token endpoint's are OAuth's {error, reason}; a proxy
// or gateway may send HTML. Parse defensively and keep the raw text.
function apiError(operation: string, response: HttpResponse, note?: string): ZoomApiError {
  const json = parseJson(response.text);
  const code =
    typeof json?.code === 'number' || typeof json?.code === 'string'
      ? json.code
      : typeof json?.error === 'string'
        ? json.error
        : undefined;
  const message =
    note ??
    (typeof json?.message === 'string'
      ? json.message
      : typeof json?.reason === 'string'
        ? json.reason
        : json
          ? JSON.stringify(json)
          : bodyStart(response.text));
  const details: ZoomErrorDetails = {
    status: response.status,
    code,
    zoomMessage: message,
    trackingId: trackingId(response),
    body: response.text,
  };
  const codeText = code === undefined ? '' : `, code ${code}`;
  const tracking = details.trackingId ? ` (Zoom tracking id ${details.trackingId})` : '';
  const hint = hintFor(operation, details);
  return new ZoomApiError(
    `Zoom ${operation} failed: HTTP ${response.status}${codeText}: ${message}.${hint ? ` ${hint}` : ''}${tracking}`,
    details,
  );
}

function bodyStart(text: string): string {
  const flat = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!flat) return 'empty body';
  return `body: ${flat.length > 200 ? `${flat.slice(0, 200)}…` : flat}`;
}

/** A hint for the failures whose cause is known. */
function hintFor(operation: string, { status, code }: ZoomErrorDetails): string {
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
      return "Check 'to_jid' (the bot must be added to that channel, or the user must have the app) and 'account_id'.";
    case 7001:
      return "Zoom refused the request body: check the content's shape, and that no message item has 'link' when is_markdown_support is true.";
    case 8001:
      return "Check 'message_id': the message does not exist or was deleted (mode 'upsert' sends a new one instead).";
    default:
      if (status === 401) return "Check 'token', or 'client_id' and 'client_secret'.";
      if (status === 404 && code === undefined)
        return "Check 'api_url': it should end in /v2, e.g. https://api.zoom.us/v2.";
      return '';
  }
}
