// Requests through the proxy that HTTPS_PROXY / HTTP_PROXY name, skipping hosts in NO_PROXY, with
// undici's EnvHttpProxyAgent (it tunnels with CONNECT). Imported only when a proxy is set: undici
// costs a runner without a proxy start-up time for nothing.

import { EnvHttpProxyAgent, request } from 'undici';
import { type HttpRequest, type HttpResponse, noAnswer } from './http.js';

let agent: EnvHttpProxyAgent | undefined;

/** Sends one request through the environment's proxy; throws ZoomRequestError when no answer comes. */
export async function proxiedRequest(req: HttpRequest): Promise<HttpResponse> {
  agent ??= createAgent();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`no answer within ${req.timeoutMs / 1000} s`));
  }, req.timeoutMs);
  try {
    const response = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      dispatcher: agent,
      signal: controller.signal,
    });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, text };
  } catch (error) {
    const cause = error instanceof Error ? error : new Error(String(error));
    const sent = !timedOut && notSent(cause) ? false : true;
    throw noAnswer(req, describe(cause), { connected: sent, written: sent, timedOut });
  } finally {
    clearTimeout(timer);
  }
}

/** Closes the proxy's connections, so the process can exit without waiting for keep-alive. */
export async function closeProxy(): Promise<void> {
  const current = agent;
  agent = undefined;
  await current?.close();
}

function createAgent(): EnvHttpProxyAgent {
  // undici 6 prints "EnvHttpProxyAgent is experimental" on stderr when it is first built: noise in
  // every proxied step's log for an API that undici 7 keeps as it is. Drop that one warning.
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const code = (rest[0] as { code?: string } | undefined)?.code;
    if (code === 'UNDICI-EHPA') return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return new EnvHttpProxyAgent();
  } finally {
    process.emitWarning = emitWarning;
  }
}

// The proxy could not be reached, or it refused to open the tunnel: nothing reached Zoom.
function notSent(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return (
    ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'UND_ERR_CONNECT_TIMEOUT'].includes(
      code,
    ) || /when HTTP Tunneling/.test(error.message)
  );
}

function describe(error: Error): Error {
  const tunnel = /Proxy response \((\d+)\)/.exec(error.message);
  if (tunnel) {
    return new Error(
      `the proxy refused to open a tunnel to Zoom: HTTP ${tunnel[1]}; check HTTPS_PROXY, its credentials and NO_PROXY`,
    );
  }
  return error;
}
