// One HTTP exchange with Zoom over undici: a deadline for the whole attempt, no redirects, and
// whether the request went out, which decides if a send may be tried again. Behind a proxy
// (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, lower-case too) undici's EnvHttpProxyAgent carries it.

import { Agent, DecoratorHandler, type Dispatcher, EnvHttpProxyAgent, request } from 'undici';
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
export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
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

/** Sends requests over one connection pool; close it when the run ends. */
export interface Transport {
  /** Sends one request and reads the whole answer; ZoomRequestError when no answer comes. */
  request(req: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

/** A transport for one run: direct, or through the environment's proxy. */
export function createTransport(env: NodeJS.ProcessEnv = process.env): Transport {
  // The deadline below governs the attempt: undici's own idle timers (300 s) are turned off.
  const timers = { headersTimeout: 0, bodyTimeout: 0 };
  const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((name) => env[name]?.trim());
  const agent = proxied ? proxyAgent(timers) : new Agent(timers);
  return { request: (req) => exchange(agent, req), close: () => agent.close() };
}

async function exchange(agent: Dispatcher, req: HttpRequest): Promise<HttpResponse> {
  let sent = false;
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`no answer within ${req.timeoutMs / 1000} s`)),
    req.timeoutMs,
  );
  const watched = agent.compose(
    (dispatch) => (options, handler) =>
      dispatch(
        options,
        watch(handler, () => (sent = true)),
      ),
  );
  try {
    // undici's request() never follows a redirect: a 3xx comes back as the answer, and the
    // Authorization header never reaches another host.
    const { method, headers, body } = req;
    const response = await request(req.url, { method, headers, body, dispatcher: watched, signal: controller.signal });
    return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
  } catch (error) {
    const cause = error instanceof Error ? error : new Error(String(error));
    const code = (cause as NodeJS.ErrnoException).code;
    const tunnel = /Proxy response \((\d+)\)/.exec(cause.message);
    const reason = tunnel
      ? `the proxy refused to open a tunnel to Zoom: HTTP ${tunnel[1]}; check HTTPS_PROXY, its credentials and NO_PROXY`
      : code
        ? `${code}: ${cause.message}`
        : cause.message || 'connection closed';
    throw new ZoomRequestError(`${req.method} ${req.url.origin}${req.url.pathname} got no answer (${reason})`, sent);
  } finally {
    clearTimeout(timer);
  }
}

// undici says when the whole request has been written to the socket: from then on Zoom may act on
// it even when no answer comes back. A connect or TLS handshake that stalls, a refused connection
// or a proxy that will not open a tunnel ends before that: nothing reached Zoom.
function watch(handler: Dispatcher.DispatchHandlers, sent: () => void): Dispatcher.DispatchHandlers {
  return new SentWatch(handler, sent) as unknown as Dispatcher.DispatchHandlers;
}

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

// undici 6 warns once, on stderr, that EnvHttpProxyAgent is experimental; undici 7 keeps the same
// API without the warning. That one warning (code UNDICI-EHPA) is held back while the agent is
// made, so it does not land in every proxied step's log; every other warning passes.
function proxyAgent(options: { headersTimeout: number; bodyTimeout: number }): Dispatcher {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if ((rest[0] as { code?: string } | undefined)?.code === 'UNDICI-EHPA') return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return new EnvHttpProxyAgent(options);
  } finally {
    process.emitWarning = emitWarning;
  }
}
