// One HTTP exchange with Zoom over undici: a deadline for the whole attempt, no redirects, and
// whether the request went out, which decides if a send may be tried again. Behind a proxy
// (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, lower-case too) undici's EnvHttpProxyAgent carries it.

import type { buildConnector, Dispatcher } from 'undici';
import { Agent, DecoratorHandler, EnvHttpProxyAgent, Pool, request } from 'undici';
import { CallError } from '../errors.js';

/** One request to Zoom; `timeoutMs` bounds the whole attempt, from connecting to the last byte. */
export interface HttpRequest {
  method: 'POST' | 'PUT' | 'DELETE';
  url: URL;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** Response headers, lower-case names. */
export type Headers = Record<string, string | string[] | undefined>;

/** The whole answer. */
export type HttpResponse = { status: number; headers: Headers; text: string };

/** The first value of a response header. */
export function firstHeader(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Zoom's tracking id of an answer (x-zm-trackingid). */
export function trackingId(headers: Headers): string | undefined {
  return firstHeader(headers, 'x-zm-trackingid');
}

/** The request got no HTTP answer: connection refused, reset, DNS failure or timeout. */
export class ZoomRequestError extends CallError {
  override name = 'ZoomRequestError';
  /** Whether the request may have reached Zoom, so Zoom may have acted on it. */
  readonly maybeDelivered: boolean;
  constructor(message: string, maybeDelivered: boolean) {
    super(message);
    this.maybeDelivered = maybeDelivered;
  }
}

/** The variables that name a proxy, as undici's EnvHttpProxyAgent reads them. */
export const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/** The most of an answer that is read (16 MiB): far above any real answer of Zoom's or GitHub's. */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** Sends requests over one connection pool; close it when the run ends. */
export interface Transport {
  /** Sends one request and reads the whole answer; ZoomRequestError when no answer comes. */
  request(req: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

/** A transport for one run: direct, or through the environment's proxy. */
export function createTransport(env: NodeJS.ProcessEnv = process.env): Transport {
  // The deadline below governs the attempt: undici's own idle timers (300 s) are turned off. An
  // answer is read up to MAX_ANSWER_BYTES: an endless body ends there, not when memory runs out.
  const options = { headersTimeout: 0, bodyTimeout: 0, maxResponseSize: MAX_ANSWER_BYTES };
  const proxied = PROXY_VARIABLES.some((name) => env[name]?.trim());
  const agent = proxied ? proxyAgent(options) : new Agent(options);
  // Every request has settled when the run closes: a connect the deadline gave up on is not waited for.
  return { request: (req) => exchange(agent, req), close: () => agent.destroy() };
}

async function exchange(agent: Dispatcher, req: HttpRequest): Promise<HttpResponse> {
  let sent = false;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  // undici 6 holds an abort back until the request has a connection (nodejs/undici#386): a stalled
  // connect, TLS handshake or CONNECT would outlast the deadline, so the deadline also ends the wait.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const reason = new Error(`timed out: no answer within ${req.timeoutMs / 1000} s, the timeout_seconds input`);
      controller.abort(reason);
      reject(reason);
    }, req.timeoutMs);
  });
  const dispatcher = agent.compose((dispatch) => (options, handler) => {
    const watched = new SentWatch(handler, () => (sent = true)) as unknown as Dispatcher.DispatchHandlers;
    return dispatch(options, watched);
  });
  try {
    // undici's request() never follows a redirect: a 3xx comes back as the answer, and the
    // Authorization header never reaches another host.
    const { method, headers, body } = req;
    const attempt = async (): Promise<HttpResponse> => {
      const response = await request(req.url, { method, headers, body, dispatcher, signal: controller.signal });
      return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
    };
    return await Promise.race([attempt(), deadline]);
  } catch (error) {
    const cause = error instanceof Error ? error : new Error(String(error));
    const code = (cause as NodeJS.ErrnoException).code;
    const tunnel = /Proxy response \((\d+)\)/.exec(cause.message);
    const reason = tunnel
      ? `the proxy refused to open a tunnel to Zoom: HTTP ${tunnel[1]}; check HTTPS_PROXY, its credentials and NO_PROXY`
      : code === PROXY_CLOSED
        ? 'the proxy closed the connection instead of opening a tunnel to Zoom; check HTTPS_PROXY and NO_PROXY'
        : code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE'
          ? `the answer is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB, far more than any answer of Zoom's: it was not read further`
          : code
            ? `${code}: ${cause.message}`
            : cause.message || 'connection closed';
    throw new ZoomRequestError(`${req.method} ${req.url.origin}${req.url.pathname} got no answer (${reason})`, sent);
  } finally {
    clearTimeout(timer);
  }
}

// undici says when the whole request has been written to the socket: from then on Zoom may act on
// it even when no answer comes back. A stalled connect or TLS handshake, a refused connection or a
// proxy that will not open a tunnel ends before that: nothing reached Zoom.
class SentWatch extends DecoratorHandler {
  readonly #inner: Dispatcher.DispatchHandlers & { onRequestSent?: () => void };
  readonly #sent: () => void;

  constructor(handler: Dispatcher.DispatchHandlers, sent: () => void) {
    super(handler);
    this.#inner = handler;
    this.#sent = sent;
  }

  onRequestSent(): void {
    this.#sent();
    this.#inner.onRequestSent?.();
  }
}

// undici 6 warns once, on stderr, that EnvHttpProxyAgent is experimental (undici 7 does not). That
// one warning (UNDICI-EHPA) is held back while the agent is made, so it stays out of every proxied
// step's log; every other warning passes.
function proxyAgent(options: Agent.Options): Dispatcher {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if ((rest[0] as { code?: string } | undefined)?.code === 'UNDICI-EHPA') return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return new EnvHttpProxyAgent({ ...options, factory: tunnelPool });
  } finally {
    process.emitWarning = emitWarning;
  }
}

const PROXY_CLOSED = 'PROXY_CLOSED';

// undici 6 takes a proxy that hangs up before answering CONNECT for a drop of a live connection and
// connects again without end (nodejs/undici#3897): that error fails the request instead.
function tunnelPool(origin: string | URL, options: object): Dispatcher {
  const { connect } = options as { connect?: unknown };
  if (typeof connect !== 'function') return new Pool(origin, options);
  const tunnel = connect as buildConnector.connector;
  return new Pool(origin, {
    ...options,
    connect: (opts, callback) =>
      tunnel(opts, (error, socket) => {
        if ((error as NodeJS.ErrnoException | null)?.code !== 'UND_ERR_SOCKET') return callback(error, socket as never);
        callback(Object.assign(new Error(`proxy closed: ${error?.message}`), { code: PROXY_CLOSED }), null);
      }),
  });
}
