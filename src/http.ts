// One HTTP request with node:http/node:https. Measured here, node:http makes the same request in
// about half the wall time of global fetch, whose WebAssembly parser the process waits on at exit.
// Behind a proxy (HTTPS_PROXY, HTTP_PROXY) the request goes through undici instead, loaded then only.

import * as http from 'node:http';
import * as https from 'node:https';
import { ZoomRequestError } from './errors.js';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** The whole exchange, from connecting to the last byte of the answer. */
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/** Whether the environment names a proxy, as self-hosted runners set it. */
export function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return PROXY_VARIABLES.some((name) => Boolean(env[name]?.trim()));
}

let proxy: Promise<typeof import('./proxy.js')> | undefined;

/** Sends one request and reads the whole answer; throws ZoomRequestError when no answer comes. */
export async function request(req: HttpRequest): Promise<HttpResponse> {
  if (proxyConfigured()) {
    proxy ??= import('./proxy.js');
    return (await proxy).proxiedRequest(req);
  }
  return directRequest(req);
}

/** Closes the proxy's kept-alive connections, when a proxy was used, so the process can exit. */
export async function closeConnections(): Promise<void> {
  if (proxy) await (await proxy).closeProxy();
}

// Error codes that mean the request never left this machine, so Zoom cannot have acted on it.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL']);

function directRequest(req: HttpRequest): Promise<HttpResponse> {
  const transport = req.url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = { ...req.headers };
  if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
  return new Promise((resolve, reject) => {
    let connected = false;
    let written = false;
    let timedOut = false;
    const fail = (error: Error): void => {
      clearTimeout(timer);
      reject(noAnswer(req, error, { connected, written, timedOut }));
    };
    const outgoing = transport.request(req.url, { method: req.method, headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        clearTimeout(timer);
        resolve({
          status: incoming.statusCode ?? 0,
          headers: incoming.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
      incoming.on('error', fail);
    });
    // A per-request deadline, not the socket's idle timeout: a server that trickles bytes must not
    // hold the step for longer than timeout_seconds.
    const timer = setTimeout(() => {
      timedOut = true;
      outgoing.destroy(new Error(`no answer within ${req.timeoutMs / 1000} s`));
    }, req.timeoutMs);
    outgoing.on('socket', (socket) => {
      if (!socket.connecting) connected = true;
      else
        socket.once(req.url.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
          connected = true;
        });
    });
    outgoing.on('error', fail);
    // Once the socket has taken the request, Zoom may act on it even if no answer comes back.
    outgoing.on('finish', () => {
      written = true;
    });
    outgoing.end(req.body);
  });
}

/** What is known about a request that got no answer. */
export interface Progress {
  connected: boolean;
  written: boolean;
  timedOut: boolean;
}

/** The ZoomRequestError for a request that got no answer, saying whether Zoom may have acted. */
export function noAnswer(req: HttpRequest, error: Error, progress: Progress): ZoomRequestError {
  const code = (error as NodeJS.ErrnoException).code;
  const delivered =
    progress.connected && progress.written && !(code !== undefined && NOT_SENT_CODES.has(code));
  const reason = progress.timedOut
    ? error.message
    : code
      ? `${code}: ${error.message}`
      : error.message || 'connection closed';
  return new ZoomRequestError(
    `${req.method} ${req.url.origin}${req.url.pathname} got no answer (${reason})`,
    delivered,
  );
}
