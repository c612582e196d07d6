// One HTTP request with node:http/node:https. Measured here, node:http makes the same request in
// about half the wall time of global fetch, whose WebAssembly parser the process waits on at exit.

import * as http from 'node:http';
import * as https from 'node:https';
import { ZoomRequestError } from './errors.js';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** Sends one request and reads the whole answer; throws ZoomRequestError when no answer comes. */
export function request(req: HttpRequest): Promise<HttpResponse> {
  const transport = req.url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = { ...req.headers };
  if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
  return new Promise((resolve, reject) => {
    let written = false;
    const outgoing = transport.request(req.url, { method: req.method, headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () =>
        resolve({
          status: incoming.statusCode ?? 0,
          headers: incoming.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      incoming.on('error', (error) => reject(noAnswer(req, error, true)));
    });
    outgoing.setTimeout(req.timeoutMs, () => {
      outgoing.destroy(new Error(`no answer within ${req.timeoutMs / 1000} s`));
    });
    outgoing.on('error', (error) => reject(noAnswer(req, error, written)));
    // Once the socket has taken the request, Zoom may act on it even if no answer comes back.
    outgoing.on('finish', () => {
      written = true;
    });
    outgoing.end(req.body);
  });
}

function noAnswer(req: HttpRequest, error: Error, maybeDelivered: boolean): ZoomRequestError {
  const code = (error as NodeJS.ErrnoException).code;
  // Refused connections and failed look-ups never reached a server, whatever the write state says.
  const delivered = maybeDelivered && code !== 'ECONNREFUSED' && code !== 'ENOTFOUND';
  const reason = code ? `${code}: ${error.message}` : error.message;
  return new ZoomRequestError(
    `${req.method} ${req.url.origin}${req.url.pathname} got no answer (${reason})`,
    delivered,
  );
}
