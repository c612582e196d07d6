// HTTPS_PROXY / HTTP_PROXY / NO_PROXY, through a small real forward proxy on 127.0.0.1 that
// tunnels CONNECT (as for HTTPS) and forwards absolute-URI requests (plain HTTP proxying).

import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';
import { runInProcess as runAction } from './support/in-process.ts';

interface Proxy {
  url: string;
  /** host:port of every CONNECT, and the absolute URL of every forwarded request. */
  seen: string[];
  /** Proxy-Authorization headers received. */
  auth: (string | undefined)[];
  /** When set, CONNECT is refused with this status and an HTML page. */
  refuse: number | undefined;
  close(): Promise<void>;
}

async function startProxy(): Promise<Proxy> {
  const sockets = new Set<Socket>();
  const proxy: Proxy = { url: '', seen: [], auth: [], refuse: undefined, close: async () => {} };
  const server: Server = createServer((req: IncomingMessage, res) => {
    proxy.seen.push(req.url ?? '');
    proxy.auth.push(req.headers['proxy-authorization']);
    const target = new URL(req.url ?? '');
    const { 'proxy-authorization': _, ...headers } = req.headers;
    const upstream = request(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    proxy.seen.push(`CONNECT ${req.url}`);
    proxy.auth.push(req.headers['proxy-authorization']);
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (proxy.refuse) {
      const page = `<html><body><h1>${proxy.refuse} Cannot reach upstream</h1></body></html>`;
      client.end(
        `HTTP/1.1 ${proxy.refuse} Bad Gateway\r\ncontent-type: text/html\r\ncontent-length: ${page.length}\r\n\r\n${page}`,
      );
      return;
    }
    const [host = '', port = '443'] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  proxy.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return proxy;
}

let zoom: ZoomSimulator;
let proxy: Proxy;

beforeAll(async () => {
  zoom = await startZoomSimulator();
  proxy = await startProxy();
});
afterAll(async () => {
  await zoom.close();
  await proxy.close();
});
beforeEach(() => {
  zoom.reset();
  proxy.seen.length = 0;
  proxy.auth.length = 0;
  proxy.refuse = undefined;
});

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...zoomInputs(zoom),
    content: 'through the proxy',
    ...extra,
  };
}

function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  return parsed.href;
}

describe('a proxy', () => {
  it('HTTPS_PROXY and HTTP_PROXY: every call is tunnelled through it, its password never shown', async () => {
    const password = 'proxy-pass-5150';
    const proxyUrl = withCredentials(proxy.url, 'runner', password);
    const result = await runAction({
      inputs: inputs(),
      env: { HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    const host = new URL(zoom.url).host;
    expect(proxy.seen.length).toBeGreaterThan(0);
    for (const entry of proxy.seen) expect(entry).toBe(`CONNECT ${host}`);
    expect(proxy.auth[0]).toBe(`Basic ${Buffer.from(`runner:${password}`).toString('base64')}`);
    expect(zoom.requests.map((r) => `${r.method} ${r.path} -> ${r.status}`)).toEqual([
      'POST /oauth/token -> 200',
      'POST /v2/im/chat/messages -> 201',
    ]);
    expect(zoom.messages.size).toBe(1);
    expect(result.stdout).toContain(`::add-mask::${password}`);
  });

  it('HTTP_PROXY alone carries plain-HTTP calls', async () => {
    const result = await runAction({ inputs: inputs(), env: { HTTP_PROXY: proxy.url } });
    expect(result.exitCode).toBe(0);
    expect(proxy.seen.length).toBeGreaterThan(0);
    for (const entry of proxy.seen) expect(entry).toBe(`CONNECT ${new URL(zoom.url).host}`);
    expect(zoom.messages.size).toBe(1);
  });

  it('lower-case http_proxy works too', async () => {
    const result = await runAction({ inputs: inputs(), env: { http_proxy: proxy.url } });
    expect(result.exitCode).toBe(0);
    expect(proxy.seen.length).toBeGreaterThan(0);
    expect(zoom.messages.size).toBe(1);
  });

  it('NO_PROXY: a listed host is reached directly', async () => {
    const result = await runAction({
      inputs: inputs(),
      env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
    });
    expect(result.exitCode).toBe(0);
    expect(proxy.seen).toEqual([]);
    expect(zoom.requests).toHaveLength(2);
    expect(zoom.messages.size).toBe(1);
  });

  it('a proxy that cannot open the tunnel: readable error, and a send is retried (nothing reached Zoom)', async () => {
    proxy.refuse = 502;
    const result = await runAction({
      inputs: inputs({ retries: '1' }),
      env: { HTTP_PROXY: proxy.url },
    });
    expect(result.exitCode).toBe(1);
    const [error] = result.commands('error');
    expect(error).toContain('the proxy refused to open a tunnel to Zoom: HTTP 502');
    expect(error).toContain('after 2 attempts');
    expect(proxy.seen).toHaveLength(2);
    expect(zoom.requests).toHaveLength(0);
  });
});
