/**
 * An in-process HTTP server that behaves like Zoom's chatbot message API and its
 * client_credentials token endpoint (see zoom-chatbot-api.md in the team's shared notes).
 *
 * node:http only, erasable TypeScript only: it also runs under `node scripts/demo.ts`.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimulatorOptions {
  /** default 'sim-client-id' */
  clientId?: string;
  /** default 'sim-client-secret' */
  clientSecret?: string;
  /** default 'sim-account-id' */
  accountId?: string;
  /** default 'v1sim-bot@xmpp.zoom.us' */
  robotJid?: string;
  /** to_jids the bot may post to; default ['sim-channel@conference.xmpp.zoom.us'] */
  channels?: string[];
  /** delay before every answer (default 0) */
  latencyMs?: number;
  /**
   * When set: per-account limit over a sliding 1 s window for the message endpoints (only admitted
   * requests count). Over it: 429, `Retry-After: 1`.
   */
  ratePerSecond?: number;
  /** false: the rate limit's 429 names no wait (no `Retry-After`), as Zoom may answer (default true) */
  retryAfter?: boolean;
  /**
   * Which answers write `sent_time` with Zoom's ` +0000` after the time, as some of Zoom's examples
   * do: 'alternate' (every second answer since the start or reset(), the default), 'always', 'never'.
   */
  sentTimeZone?: 'alternate' | 'always' | 'never';
  /** port on 127.0.0.1 to listen on; default 0 (any free port) */
  port?: number;
}

export interface RecordedRequest {
  method: string;
  /** path without query, as sent (not URL-decoded) */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  /** parsed JSON when the content type is JSON, an object of fields when form-urlencoded, else undefined */
  body: unknown;
  /** the status the simulator answered; 0 while unanswered and for hang / drop / act-then-drop */
  status: number;
}

export interface StoredMessage {
  id: string;
  robotJid: string;
  toJid: string;
  accountId: string;
  content: unknown;
  isMarkdown: boolean;
  replyTo?: string;
  userJid?: string;
  visibleToUser?: string;
  /** the original send time, `YYYY-MM-DD HH:MM:SS` UTC */
  sentTime: string;
  edits: number;
}

/** A hook run before normal handling; return a fault to apply, or undefined to handle normally. */
export type Fault =
  | { kind: 'respond'; status: number; body?: string | object; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'drop' }
  | { kind: 'act-then-drop' }
  | {
      kind: 'act-then-respond';
      status: number;
      body?: string | object;
      headers?: Record<string, string>;
    };

export interface ZoomSimulator {
  /** http://127.0.0.1:PORT */
  url: string;
  /** `${url}/v2` */
  apiUrl: string;
  /** `${url}/oauth/token` */
  oauthUrl: string;
  options: Required<Omit<SimulatorOptions, 'ratePerSecond' | 'port'>> & { ratePerSecond?: number };
  /** every request, in order (token ones too) */
  requests: RecordedRequest[];
  /** messages that currently exist */
  messages: Map<string, StoredMessage>;
  /** a valid token without an HTTP call */
  mintToken(): string;
  /** a message that exists without a request: the bot's, in the first channel, saying `text` */
  store(id: string, text?: string): string;
  /** every token minted so far becomes invalid (401/7010) */
  revokeTokens(): void;
  /** set or clear a fault hook (the RecordedRequest has status 0 until answered) */
  onRequest(hook: ((req: RecordedRequest) => Fault | undefined) | undefined): void;
  /** clear requests, messages, hook, rate window, the count of answers for sent_time (tokens stay valid) */
  reset(): void;
  /** stops the server; also closes hanging and keep-alive sockets */
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body?: string;
  headers: Record<string, string>;
}

type Json = Record<string, unknown>;

const MESSAGES_PATH = '/v2/im/chat/messages';
const JSON_TYPE = 'application/json;charset=UTF-8';
const RATE_LIMIT_MESSAGE = 'You have reached the maximum per-second rate limit for this API. Try again later.';

/**
 * The card body item types Zoom defines: its SDK's typings (`@zoom/rivet/chatbot`, CardContent's body)
 * and its card pages (`image`). The simulator's own list, kept apart from the action's so that a
 * wrong list in the action shows up against it.
 */
export const ZOOM_ITEM_TYPES = [
  'message',
  'fields',
  'actions',
  'select',
  'attachments',
  'file',
  'divider',
  'progress_bar',
  'section',
  'page',
  'alert',
  'images',
  'image',
  'datepicker',
  'timepicker',
  'radio_buttons',
  'checkboxes',
  'plain_text_input',
  'video',
] as const;

const ITEM_TYPES = new Set<string>(ZOOM_ITEM_TYPES);

const CONTENT_KEYS = new Set(['head', 'body', 'settings']);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function json(status: number, body: object, headers: Record<string, string> = {}): Answer {
  return { status, body: JSON.stringify(body), headers: { 'content-type': JSON_TYPE, ...headers } };
}

function zoomError(status: number, code: number, message: string): Answer {
  return json(status, { code, message });
}

function invalidBody(what: string): Answer {
  return zoomError(400, 7001, `Invalid request body: ${what}`);
}

// Zoom's chatbot reference answers a body without a required field as any other bad body: 400/7001.
function missingFields(fields: string[]): Answer {
  return invalidBody(`${fields.join(', ')} ${fields.length > 1 ? 'are' : 'is'} required`);
}

function faultAnswer(fault: { status: number; body?: string | object; headers?: Record<string, string> }): Answer {
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (typeof fault.body === 'string') {
    body = fault.body;
    let isJson = true;
    try {
      JSON.parse(body);
    } catch {
      isJson = false;
    }
    headers['content-type'] = isJson ? JSON_TYPE : 'text/plain; charset=utf-8';
  } else if (fault.body !== undefined) {
    body = JSON.stringify(fault.body);
    headers['content-type'] = JSON_TYPE;
  }
  for (const [name, value] of Object.entries(fault.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  return { status: fault.status, body, headers };
}

function trackingId(): string {
  return `v=2.0;clid=sim;rid=SIM_${randomBytes(12).toString('hex')}`;
}

function sentTime(date: Date): string {
  return date.toISOString().replace('T', ' ').slice(0, 19);
}

function newMessageId(date: Date): string {
  const stamp = date
    .toISOString()
    .replace(/[-:T.Z]/g, '')
    .slice(0, 17);
  return `${stamp}_${randomBytes(8).toString('base64url').slice(0, 11)}`;
}

function isJsonContentType(headers: IncomingMessage['headers']): boolean {
  const type = (headers['content-type'] ?? '').toLowerCase();
  return /^application\/([\w.+-]*\+)?json\b/.test(type.trim());
}

function parseBody(headers: IncomingMessage['headers'], raw: string): unknown {
  const type = (headers['content-type'] ?? '').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  if (isJsonContentType(headers)) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function validateItems(items: unknown[], where: string, markdown: boolean): string | undefined {
  for (const [index, item] of items.entries()) {
    const at = `${where}[${index}]`;
    if (!isObject(item)) return `${at} must be an object`;
    if (typeof item.type !== 'string') return `${at}.type must be a string`;
    if (!ITEM_TYPES.has(item.type)) return `${at}.type '${item.type}' is not supported`;
    if (item.type === 'message') {
      if (typeof item.text !== 'string') return `${at}.text must be a string`;
      if (markdown && item.link !== undefined) {
        return `${at}: a message item cannot have a link when is_markdown_support is true`;
      }
    }
    if (item.type === 'section') {
      if (!Array.isArray(item.sections)) return `${at}.sections must be an array`;
      const error = validateItems(item.sections, `${at}.sections`, markdown);
      if (error) return error;
    }
  }
  return undefined;
}

/** Returns what is wrong with a message card, or undefined when it is acceptable. */
function validateContent(content: unknown, markdown: boolean): string | undefined {
  if (!isObject(content)) return 'content must be an object';
  for (const key of Object.keys(content)) {
    if (!CONTENT_KEYS.has(key)) return `content has an unknown field '${key}'`;
  }
  const { head, body, settings } = content;
  if (head === undefined && body === undefined) return 'content needs head or body';
  if (head !== undefined) {
    if (!isObject(head) || typeof head.text !== 'string') {
      return 'content.head.text must be a string';
    }
    if (head.style !== undefined && !isObject(head.style)) {
      return 'content.head.style must be an object';
    }
    if (head.sub_head !== undefined) {
      if (!isObject(head.sub_head) || typeof head.sub_head.text !== 'string') {
        return 'content.head.sub_head.text must be a string';
      }
    }
  }
  if (settings !== undefined && !isObject(settings)) return 'content.settings must be an object';
  if (body !== undefined) {
    if (!Array.isArray(body)) return 'content.body must be an array';
    if (body.length === 0 && head === undefined) return 'content.body must not be empty';
    return validateItems(body, 'content.body', markdown);
  }
  return undefined;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Every token any simulator in this process minted: secrets that must never show in a run. */
export const everyMintedToken = new Set<string>();

export async function startZoomSimulator(options: SimulatorOptions = {}): Promise<ZoomSimulator> {
  const opts: ZoomSimulator['options'] = {
    clientId: options.clientId ?? 'sim-client-id',
    clientSecret: options.clientSecret ?? 'sim-client-secret',
    accountId: options.accountId ?? 'sim-account-id',
    robotJid: options.robotJid ?? 'v1sim-bot@xmpp.zoom.us',
    channels: options.channels ?? ['sim-channel@conference.xmpp.zoom.us'],
    latencyMs: options.latencyMs ?? 0,
    retryAfter: options.retryAfter ?? true,
    sentTimeZone: options.sentTimeZone ?? 'alternate',
  };
  if (options.ratePerSecond !== undefined) opts.ratePerSecond = options.ratePerSecond;

  const requests: RecordedRequest[] = [];
  const messages = new Map<string, StoredMessage>();
  const tokens = new Set<string>();
  let rateWindow: number[] = [];
  let answers = 0;
  let hook: ((req: RecordedRequest) => Fault | undefined) | undefined;
  let closed = false;
  let closing: Promise<void> | undefined;
  const waits = new Map<ReturnType<typeof setTimeout>, () => void>();
  let url = '';

  function mintToken(): string {
    const token = randomBytes(32).toString('base64url');
    tokens.add(token);
    everyMintedToken.add(token);
    return token;
  }

  /** Resolves true after ms, or false at once when the simulator closes meanwhile. */
  function wait(ms: number): Promise<boolean> {
    if (closed) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waits.delete(timer);
        resolve(!closed);
      }, ms);
      waits.set(timer, () => resolve(false));
    });
  }

  function handleToken(req: IncomingMessage, record: RecordedRequest): Answer {
    const auth = req.headers.authorization ?? '';
    const match = /^Basic\s+(\S+)\s*$/i.exec(auth);
    const decoded = match?.[1] ? Buffer.from(match[1], 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const id = colon >= 0 ? decoded.slice(0, colon) : undefined;
    const secret = colon >= 0 ? decoded.slice(colon + 1) : undefined;
    if (id !== opts.clientId || secret !== opts.clientSecret) {
      return json(400, { reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
    }
    const form = isObject(record.body) && !isJsonContentType(req.headers) ? record.body : {};
    const grantType = record.query.grant_type ?? form.grant_type;
    if (grantType !== 'client_credentials') {
      return json(400, { reason: 'unsupported grant type', error: 'unsupported_grant_type' });
    }
    return json(200, {
      access_token: mintToken(),
      token_type: 'bearer',
      expires_in: 3600,
      scope: 'imchat:bot',
      api_url: url,
    });
  }

  /** Checks robot_jid / account_id, shared by edit and delete (and send). */
  function checkIdentity(robotJid: string, accountId: string): Answer | undefined {
    if (robotJid !== opts.robotJid) return zoomError(404, 7002, `Invalid robot_jid: ${robotJid}`);
    if (accountId !== opts.accountId) {
      return zoomError(403, 7004, `Not authorized to access account: ${accountId}`);
    }
    return undefined;
  }

  function messageAnswer(status: number, message: StoredMessage, userJid?: string): Answer {
    answers += 1;
    const zone = opts.sentTimeZone === 'always' || (opts.sentTimeZone === 'alternate' && answers % 2 === 0);
    return json(status, {
      message_id: message.id,
      robot_jid: message.robotJid,
      sent_time: `${sentTime(new Date())}${zone ? ' +0000' : ''}`,
      to_jid: message.toJid,
      ...(userJid ? { user_jid: userJid } : {}),
    });
  }

  function jsonObjectBody(req: IncomingMessage, record: RecordedRequest): { body: Json } | { error: Answer } {
    if (!isJsonContentType(req.headers)) {
      return { error: invalidBody('expected Content-Type: application/json') };
    }
    if (!isObject(record.body)) return { error: invalidBody('expected a JSON object') };
    return { body: record.body };
  }

  function handleSend(req: IncomingMessage, record: RecordedRequest): Answer {
    const parsed = jsonObjectBody(req, record);
    if ('error' in parsed) return parsed.error;
    const { body } = parsed;
    const missing = ['robot_jid', 'to_jid', 'account_id', 'content'].filter((k) => isAbsent(body[k]));
    if (missing.length > 0) return missingFields(missing);
    const { robot_jid, to_jid, account_id, content, reply_to } = body;
    for (const [name, value] of Object.entries({ robot_jid, to_jid, account_id })) {
      if (typeof value !== 'string') return invalidBody(`${name} must be a string`);
    }
    const identity = checkIdentity(robot_jid as string, account_id as string);
    if (identity) return identity;
    if (!opts.channels.includes(to_jid as string)) {
      return zoomError(403, 7004, 'No channel or user can be found with the given to_jid.');
    }
    // Which reply_to Zoom refuses is not documented: any string goes, as with Zoom's own examples.
    if (reply_to !== undefined && typeof reply_to !== 'string') return invalidBody('reply_to must be a string');
    const markdown = body.is_markdown_support === true;
    const problem = validateContent(content, markdown);
    if (problem) return invalidBody(problem);
    const now = new Date();
    const message: StoredMessage = {
      id: newMessageId(now),
      robotJid: robot_jid as string,
      toJid: to_jid as string,
      accountId: account_id as string,
      content,
      isMarkdown: markdown,
      sentTime: sentTime(now),
      edits: 0,
    };
    const replyTo = optionalString(reply_to);
    const userJid = optionalString(body.user_jid);
    const visibleToUser = optionalString(body.visible_to_user);
    if (replyTo) message.replyTo = replyTo;
    if (userJid) message.userJid = userJid;
    if (visibleToUser) message.visibleToUser = visibleToUser;
    messages.set(message.id, message);
    return messageAnswer(201, message, userJid);
  }

  function handleEdit(req: IncomingMessage, record: RecordedRequest, id: string): Answer {
    const parsed = jsonObjectBody(req, record);
    if ('error' in parsed) return parsed.error;
    const { body } = parsed;
    const missing = ['robot_jid', 'account_id', 'content'].filter((k) => isAbsent(body[k]));
    if (missing.length > 0) return missingFields(missing);
    const { robot_jid, account_id, content } = body;
    for (const [name, value] of Object.entries({ robot_jid, account_id })) {
      if (typeof value !== 'string') return invalidBody(`${name} must be a string`);
    }
    const identity = checkIdentity(robot_jid as string, account_id as string);
    if (identity) return identity;
    const message = messages.get(id);
    if (!message) return zoomError(404, 8001, `Message does not exist: ${id}`);
    const markdown = body.is_markdown_support === true;
    const problem = validateContent(content, markdown);
    if (problem) return invalidBody(problem);
    message.content = content;
    message.isMarkdown = markdown;
    message.edits += 1;
    return messageAnswer(200, message, optionalString(body.user_jid));
  }

  // Zoom's current reference and its SDK send delete's fields in the query string only: a body is not read.
  function handleDelete(record: RecordedRequest, id: string): Answer {
    const pick = (key: string): string | undefined => optionalString(record.query[key]);
    const robotJid = pick('robot_jid');
    const accountId = pick('account_id');
    const missing: string[] = [];
    if (!robotJid) missing.push('robot_jid');
    if (!accountId) missing.push('account_id');
    if (!robotJid || !accountId) return missingFields(missing);
    const identity = checkIdentity(robotJid, accountId);
    if (identity) return identity;
    const message = messages.get(id);
    if (!message) return zoomError(404, 8001, `Message does not exist: ${id}`);
    messages.delete(id);
    return messageAnswer(200, message, pick('user_jid'));
  }

  /** Normal handling: the state change and the answer Zoom would give. */
  function act(req: IncomingMessage, record: RecordedRequest): Answer {
    const { method, path } = record;
    if (path === '/oauth/token' && method === 'POST') return handleToken(req, record);

    let op: 'send' | 'edit' | 'delete' | undefined;
    let id = '';
    if (path === MESSAGES_PATH && method === 'POST') op = 'send';
    else if (path.startsWith(`${MESSAGES_PATH}/`) && (method === 'PUT' || method === 'DELETE')) {
      const segment = path.slice(MESSAGES_PATH.length + 1);
      try {
        id = decodeURIComponent(segment);
      } catch {
        id = '';
      }
      if (segment !== '' && !segment.includes('/') && id !== '') {
        op = method === 'PUT' ? 'edit' : 'delete';
      }
    }
    if (!op) return zoomError(404, 404, 'Not found');

    const auth = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!auth?.[1] || !tokens.has(auth[1])) return zoomError(401, 7010, 'Invalid access token.');

    if (opts.ratePerSecond !== undefined) {
      const now = performance.now();
      rateWindow = rateWindow.filter((t) => now - t < 1000);
      if (rateWindow.length >= opts.ratePerSecond) {
        return json(
          429,
          { code: 429, message: RATE_LIMIT_MESSAGE },
          {
            ...(opts.retryAfter ? { 'retry-after': '1' } : {}),
            'x-ratelimit-category': 'Medium',
            'x-ratelimit-type': 'QPS',
          },
        );
      }
      rateWindow.push(now);
    }

    if (op === 'send') return handleSend(req, record);
    if (op === 'edit') return handleEdit(req, record, id);
    return handleDelete(record, id);
  }

  function answer(res: ServerResponse, record: RecordedRequest, reply: Answer): void {
    record.status = reply.status;
    if (res.destroyed || res.headersSent) return;
    res.setHeader('x-zm-trackingid', trackingId());
    for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
    res.statusCode = reply.status;
    res.end(reply.body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const parsedUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: parsedUrl.pathname,
      query: Object.fromEntries(parsedUrl.searchParams),
      headers: { ...req.headers },
      rawBody,
      body: parseBody(req.headers, rawBody),
      status: 0,
    };
    requests.push(record);

    const fault = hook?.(record);
    if (fault?.kind === 'hang') return; // the socket stays open until the client gives up or close()
    if (!(await wait(opts.latencyMs))) return;

    if (fault?.kind === 'drop') {
      res.destroy();
      return;
    }
    if (fault?.kind === 'respond') {
      answer(res, record, faultAnswer(fault));
      return;
    }
    const reply = act(req, record);
    if (fault?.kind === 'act-then-drop') {
      res.destroy();
      return;
    }
    answer(res, record, fault?.kind === 'act-then-respond' ? faultAnswer(fault) : reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.destroyed || res.headersSent) return;
      const message = error instanceof Error ? error.message : String(error);
      res.statusCode = 500;
      res.setHeader('content-type', JSON_TYPE);
      res.setHeader('x-zm-trackingid', trackingId());
      res.end(JSON.stringify({ code: 500, message: `Zoom simulator error: ${message}` }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;

  return {
    url,
    apiUrl: `${url}/v2`,
    oauthUrl: `${url}/oauth/token`,
    options: opts,
    requests,
    messages,
    mintToken,
    store(id, text = id) {
      const [toJid = ''] = opts.channels;
      const { robotJid, accountId } = opts;
      const content = { body: [{ type: 'message', text }] };
      messages.set(id, {
        id,
        robotJid,
        toJid,
        accountId,
        content,
        isMarkdown: false,
        sentTime: '2026-01-01 00:00:00',
        edits: 0,
      });
      return id;
    },
    revokeTokens() {
      tokens.clear();
    },
    onRequest(next) {
      hook = next;
    },
    reset() {
      requests.length = 0;
      messages.clear();
      hook = undefined;
      rateWindow = [];
      answers = 0;
    },
    close() {
      if (!closing) {
        closed = true;
        hook = undefined;
        for (const [timer, release] of waits) {
          clearTimeout(timer);
          release();
        }
        waits.clear();
        closing = new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          server.closeAllConnections();
        });
      }
      return closing;
    },
  };
}

const SECRET_KEY = /secret|token|password|assertion/i;

function shorten(value: string): string {
  return value.length <= 6 ? '…' : `${value.slice(0, 6)}…`;
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      SECRET_KEY.test(key) && typeof inner === 'string' ? shorten(inner) : redact(inner),
    ]),
  );
}

function describeAuth(header: string): string {
  const [scheme = '', credential = ''] = header.trim().split(/\s+/, 2);
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? `Basic ${decoded.slice(0, colon)}:***` : `Basic ${shorten(credential)}`;
  }
  return `${scheme} ${shorten(credential)}`;
}

function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The action inputs that point a run at this simulator: its app credentials, bot, channel and token URL. */
export function zoomInputs(sim: ZoomSimulator): Record<string, string> {
  return {
    client_id: sim.options.clientId,
    client_secret: sim.options.clientSecret,
    robot_jid: sim.options.robotJid,
    account_id: sim.options.accountId,
    to_jid: sim.options.channels[0] ?? '',
    oauth_url: sim.oauthUrl,
  };
}

/** Prints a one-line summary of a recorded request, secrets shortened (used by the demo). */
export function describeRequest(req: RecordedRequest): string {
  const query = new URLSearchParams(redact(req.query) as Record<string, string>).toString();
  const parts = [
    `${req.method} ${req.path}${query ? `?${query}` : ''}`,
    `-> ${req.status === 0 ? 'no answer' : req.status}`,
  ];
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth !== '') parts.push(`auth=${describeAuth(auth)}`);
  if (req.body !== undefined) parts.push(`body=${clip(JSON.stringify(redact(req.body)))}`);
  else if (req.rawBody !== '') parts.push(`body=${clip(JSON.stringify(req.rawBody))}`);
  return parts.join('  ');
}
