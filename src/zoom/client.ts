// Zoom's chatbot API: mint a token, send, edit and delete a message.

import { usableMessageId } from '../ids.js';
import { parseJsonObject } from '../json.js';
import type { Content } from '../message/content.js';
import { apiError, bodyStart, describeType, details, type Operation, type Redact, ZoomApiError } from './errors.js';
import { type HttpResponse, type Transport, trackingId } from './http.js';
import { type Attempted, describeReset, MAX_WAIT_MS, outcomeUnknown, type RetryContext, withRetries } from './retry.js';
import type { TokenSource } from './token.js';

/** Zoom's answer to a send, edit or delete: its JSON (message_id, robot_jid, sent_time, to_jid) and raw text. */
export interface ZoomResult {
  answer: Record<string, unknown>;
  text: string;
  response: HttpResponse;
  trackingId: string | undefined;
}

/** Where and how to call the message endpoints. */
export type ZoomClient = CallContext & { apiUrl: URL; tokens: TokenSource };

/** What every call to Zoom goes through: the transport, its retries and pace, and redaction. */
export interface CallContext extends RetryContext {
  transport: Transport;
  timeoutMs: number;
  /** Masks secrets in text taken from an answer before it is cut short or shown. */
  redact: Redact;
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
export type DeleteParams = Pick<MessageBody, 'robot_jid' | 'account_id' | 'user_jid'>;

/** Mints a chatbot token (client_credentials grant), retried like an edit, and the API host its answer names. */
export async function mintToken(oauthUrl: URL, clientId: string, clientSecret: string, context: CallContext) {
  const operation = 'token request';
  const attempted = await withRetries(operation, 'Zoom token request', context, () =>
    context.transport.request({
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
  const { access_token: accessToken, api_url: apiUrl } = answerOf(operation, attempted, context);
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw apiError(operation, attempted.response, context.redact, {
      note: `the answer holds no access_token (${bodyStart(attempted.response.text, context.redact)})`,
    });
  }
  return { accessToken, apiUrl: typeof apiUrl === 'string' && apiUrl ? apiUrl : undefined };
}

/** POST /im/chat/messages; the answer must name the new message. */
export async function sendMessage(client: ZoomClient, body: MessageBody): Promise<ZoomResult> {
  const result = await call(client, 'send', 'Zoom send', 'im/chat/messages', body);
  const id = result.answer.message_id;
  if (usableMessageId(id)) return result;
  // Zoom took the send: it is not repeated (that could post twice), and the id is never used.
  const said = typeof id === 'string' ? JSON.stringify(id.slice(0, 100)) : id === undefined ? 'none' : typeof id;
  throw apiError('send', result.response, client.redact, {
    note: `the answer holds no usable message_id (${said})`,
    hint: 'The message was probably posted, but without its id nothing can edit or delete it; it was not sent again.',
  });
}

/** PUT /im/chat/messages/{id}: the content replaces the whole message. */
export function editMessage(client: ZoomClient, messageId: string, body: MessageBody): Promise<ZoomResult> {
  const path = `im/chat/messages/${encodeURIComponent(messageId)}`;
  return call(client, 'edit', `Zoom edit of ${messageId}`, path, body);
}

/** DELETE /im/chat/messages/{id}. */
export function deleteMessage(client: ZoomClient, messageId: string, params: DeleteParams): Promise<ZoomResult> {
  const path = `im/chat/messages/${encodeURIComponent(messageId)}?${new URLSearchParams({ ...params })}`;
  return call(client, 'delete', `Zoom delete of ${messageId}`, path, params);
}

/** The URL a message request goes to: `path` below the API base. */
export function endpoint(apiUrl: URL, path: string): URL {
  return new URL(path, apiUrl.href.endsWith('/') ? apiUrl.href : `${apiUrl.href}/`);
}

const METHODS = { send: 'POST', edit: 'PUT', delete: 'DELETE' } as const;

async function call(client: ZoomClient, operation: keyof typeof METHODS, label: string, path: string, body: object) {
  const url = endpoint(client.apiUrl, path);
  const payload = JSON.stringify(body);
  let used = '';
  const send = (): Promise<HttpResponse> => {
    used = client.tokens.current();
    return client.transport.request({
      method: METHODS[operation],
      url,
      headers: { authorization: `Bearer ${used}`, 'content-type': 'application/json', accept: 'application/json' },
      body: payload,
      timeoutMs: client.timeoutMs,
    });
  };
  let attempted = await withRetries(operation, label, client, send);
  // A minted token can expire or be revoked mid-run: mint once more and try once more. Zoom refused
  // the request, so even a send is safe to repeat.
  const renewed =
    attempted.response.status === 401 && client.tokens.renewable && (await client.tokens.renew(used)) !== undefined;
  if (renewed) {
    client.log(`${label}: HTTP 401, the token was refused; trying once more with a new token.`);
    attempted = await withRetries(operation, label, client, send);
  }
  if (attempted.response.status === 401 && client.tokens.renewable) {
    const hint = renewed
      ? 'A token minted again in this run was refused too: check that the app is a Team Chat (chatbot) app with the imchat:bot scope, and that it is activated.'
      : 'A token minted in this run was refused: check that the app is a Team Chat (chatbot) app with the imchat:bot scope.';
    throw apiError(operation, attempted.response, client.redact, { hint });
  }
  const { response } = attempted;
  // A delete that went through but whose answer was lost is retried, and Zoom then says the message
  // does not exist: it is gone, as asked.
  const goneOnRetry =
    operation === 'delete' &&
    attempted.mayHaveActed &&
    response.status === 404 &&
    Number(details(response, client.redact).code) === 8001;
  if (goneOnRetry) client.log(`${label}: gone on retry: an earlier attempt deleted it.`);
  const answer = goneOnRetry ? {} : answerOf(operation, attempted, client);
  return { answer, text: response.text, response, trackingId: trackingId(response.headers) };
}

/** The JSON object of a 2xx answer; throws ZoomApiError for anything else. */
function answerOf(operation: Operation, { response, attempts, resetAt }: Attempted, context: CallContext) {
  if (resetAt) {
    const limit = `Zoom's rate limit resets at ${describeReset(resetAt)}, more than the ${MAX_WAIT_MS / 1000} s the action waits: try again after then, or make fewer calls.`;
    context.pacer.halt(
      new ZoomApiError(`Zoom ${operation} not attempted: ${limit}`, details(response, context.redact)),
    );
    throw apiError(operation, response, context.redact, { hint: limit });
  }
  if (response.status < 200 || response.status > 299) {
    const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
    const extra = outcomeUnknown(operation, response.status)
      ? "The message may have been posted: Zoom may have stored it before the error, so it was not sent again (a second send could post it twice). Zoom's support can tell from the tracking id."
      : undefined;
    throw apiError(operation, response, context.redact, { tries, extra });
  }
  const answer = parseJsonObject(response.text);
  if (!answer) {
    const posted =
      operation === 'send'
        ? ' The message was probably posted, but its id is unknown.'
        : ` Whether the ${operation} happened is unknown.`;
    throw apiError(operation, response, context.redact, {
      note: `the answer is not a JSON object (${describeType(response)}${bodyStart(response.text, context.redact)}): a proxy or gateway may have answered instead of Zoom.${posted}`,
      hint: '',
    });
  }
  return answer;
}
