// The HTTP transport at its edges, against raw servers on 127.0.0.1: no redirect is followed (no
// credential reaches the host a Location names); a connect, TLS handshake or proxy tunnel that
// stalls or fails is "not sent", so even a send is retried; an answer that trickles in is "sent",
// so a send is not; timeout_seconds is a deadline for the whole attempt, not an idle timer;
// undici's proxy warning is held back and no other. A refused connection and a reset after the
// request are in faults.test.ts; a proxy refusing CONNECT and a proxied run's stderr in proxy.test.ts.

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTransport } from '../src/zoom/http.ts';
import type { ActionRun } from '../tools/run-action.ts';
import { runInProcess } from './support/in-process.ts';

/** A request a test server read in full. */
interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
}

interface TestServer {
  url: string;
  port: number;
  /** Requests read in full (HTTP servers), in order. */
  requests: Seen[];
  /** TCP connections accepted. */
  connections: number;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(server: Server, sockets: Set<Socket>): Promise<number> {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return (server.address() as AddressInfo).port;
}

/** An HTTP server that records each request once read in full, then lets `answer` reply. */
async function httpServer(answer: (res: ServerResponse, index: number) => void): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const state: TestServer = { url: '', port: 0, requests: [], connections: 0 };
  const server = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const index = state.requests.length;
      state.requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
      answer(res, index);
    });
  });
  server.on('connection', () => state.connections++);
  state.port = await listen(server, sockets);
  state.url = `http://127.0.0.1:${state.port}`;
  return state;
}

/** A TCP server that counts connections and hands each to `onSocket`; its url is https (no TLS is spoken). */
async function tcpServer(onSocket: (socket: Socket) => void = () => undefined): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const state: TestServer = { url: '', port: 0, requests: [], connections: 0 };
  const server = createTcpServer((socket) => {
    state.connections++;
    onSocket(socket);
  });
  state.port = await listen(server, sockets);
  state.url = `https://127.0.0.1:${state.port}`;
  return state;
}

/**
 * A port whose listen backlog is full, so a new connect stalls in SYN_SENT: a child process listens
 * with a backlog of 1 and never accepts (its thread waits), and connections fill the queue until
 * one stalls. Linux drops a SYN while the accept queue is full.
 */
async function fullBacklog(): Promise<number> {
  const listener = `
    const server = require('node:net').createServer();
    server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
      process.stdout.write(server.address().port + '\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    });`;
  const child: ChildProcess = spawn(process.execPath, ['-e', listener], { stdio: ['ignore', 'pipe', 'inherit'] });
  const fillers: Socket[] = [];
  cleanups.push(() => {
    for (const socket of fillers) socket.destroy();
    child.kill();
  });
  const [line] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  const port = Number(line.toString().trim());
  for (let i = 0; i < 20; i++) {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => socket.destroy());
    fillers.push(socket);
    const connected = await Promise.race([
      once(socket, 'connect').then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 200)),
    ]);
    if (!connected) return port;
  }
  throw new Error(`the backlog of port ${port} did not fill: connects do not stall here`);
}

/** Writes `text` to the socket one byte every `everyMs`, until done or the client goes away. */
function trickle(socket: Socket, text: string, everyMs = 50): void {
  let at = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || at >= text.length) {
      clearInterval(timer);
      return;
    }
    socket.write(text[at++] as string);
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
  cleanups.push(() => clearInterval(timer));
}

function json(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const TOKEN = 'transport-test-token';
const TARGET = {
  robot_jid: 'v1bot@xmpp.zoom.us',
  account_id: 'acct-1',
  to_jid: 'channel@conference.xmpp.zoom.us',
};

/** A run with a given token against `apiUrl` (the /v2 base), in-process. */
function runAgainst(apiUrl: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runInProcess({
    inputs: { ...TARGET, token: TOKEN, api_url: apiUrl, content: 'Hello', ...inputs },
  });
}

function expectFailed(result: ActionRun, text: string): string {
  expect(result.exitCode).toBe(1);
  const errors = result.commands('error');
  expect(errors).toHaveLength(1);
  expect(errors[0]).toContain(text);
  expect(result.outputs.result).toBe('failed');
  return errors[0] as string;
}

describe("undici's EnvHttpProxyAgent warning", () => {
  // That a proxied run's stderr shows no warning is in proxy.test.ts. undici warns once a process,
  // on the first EnvHttpProxyAgent made: this test must make the file's first.
  it('only UNDICI-EHPA is held back: warnings before, during and after the agent is made show', async () => {
    const codes: string[] = [];
    const listener = (warning: Error) => codes.push(String((warning as NodeJS.ErrnoException).code));
    process.on('warning', listener);
    const emitWarning = process.emitWarning;
    const env = process.env;
    // EnvHttpProxyAgent reads the proxy variables itself, after its own warning, with the filter on.
    process.env = new Proxy(env, {
      get(target, name) {
        if (name === 'https_proxy') process.emitWarning('read while the agent is made', { code: 'TEST-DURING' });
        return Reflect.get(target, name);
      },
    });
    try {
      process.emitWarning('before the agent', { code: 'TEST-BEFORE' });
      const transport = createTransport({ HTTPS_PROXY: 'http://127.0.0.1:9' });
      process.env = env;
      expect(process.emitWarning).toBe(emitWarning);
      process.emitWarning('after the agent', 'Warning', 'TEST-AFTER');
      await transport.close();
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.env = env;
      process.off('warning', listener);
    }
    expect(codes.filter((code) => /^(TEST|UNDICI)-/.test(code))).toEqual(['TEST-BEFORE', 'TEST-DURING', 'TEST-AFTER']);
  });
});

describe('no redirect is followed', () => {
  it.each([301, 302, 307, 308])('a %i from the API is an error; the host it names sees nothing', async (status) => {
    const elsewhere = await httpServer((res) => json(res, 201, { message_id: 'elsewhere' }));
    const api = await httpServer((res) => {
      res.writeHead(status, { location: `${elsewhere.url}/v2/im/chat/messages`, 'content-length': 0 });
      res.end();
    });
    const result = await runAgainst(`${api.url}/v2`);
    const error = expectFailed(result, `Zoom send failed: HTTP ${status}`);
    expect(error).not.toContain('may have been posted');
    expect(api.requests.map((r) => `${r.method} ${r.url} ${r.authorization}`)).toEqual([
      `POST /v2/im/chat/messages Bearer ${TOKEN}`,
    ]);
    expect(elsewhere.connections).toBe(0);
    expect(elsewhere.requests).toEqual([]);
  });

  it('a 307 from the token endpoint: the Basic credentials do not reach the host it names', async () => {
    const elsewhere = await httpServer((res) => json(res, 200, { access_token: 'stolen', expires_in: 3600 }));
    const oauth = await httpServer((res) => {
      res.writeHead(307, { location: `${elsewhere.url}/oauth/token`, 'content-length': 0 });
      res.end();
    });
    const api = await httpServer((res) => json(res, 201, { message_id: 'm1' }));
    const { token: _, ...inputs } = {
      ...TARGET,
      token: '',
      client_id: 'redirect-client',
      client_secret: 'redirect-secret-7781',
      oauth_url: `${oauth.url}/oauth/token`,
      api_url: `${api.url}/v2`,
      content: 'Hello',
    };
    const result = await runInProcess({ inputs });
    expectFailed(result, 'Zoom token request failed: HTTP 307');
    const basic = `Basic ${Buffer.from('redirect-client:redirect-secret-7781').toString('base64')}`;
    expect(oauth.requests.map((r) => `${r.method} ${r.url} ${r.authorization}`)).toEqual([
      `POST /oauth/token ${basic}`,
    ]);
    expect(elsewhere.connections).toBe(0);
    expect(api.requests).toEqual([]);
  });
});

describe('a connect that stalls is "not sent"', () => {
  it('a TLS handshake that never completes: a send is retried, and nothing was posted', async () => {
    const server = await tcpServer();
    const result = await runAgainst(`${server.url}/v2`, { timeout_seconds: '0.3', retries: '1' });
    const error = expectFailed(
      result,
      'got no answer (timed out: no answer within 0.3 s, the timeout_seconds input) after 2 attempts',
    );
    expect(error).toContain('Nothing reached Zoom: the message was not posted.');
    expect(error).not.toContain('may have been posted');
    expect(result.stdout).toContain('retry 1 of 1');
    expect(server.connections).toBe(2);
  });

  it('a TCP connect that stalls (the listen backlog full): a send is retried, and nothing was posted', async () => {
    const port = await fullBacklog();
    const result = await runAgainst(`http://127.0.0.1:${port}/v2`, { timeout_seconds: '0.3', retries: '1' });
    const error = expectFailed(
      result,
      'got no answer (timed out: no answer within 0.3 s, the timeout_seconds input) after 2 attempts',
    );
    expect(error).toContain('Nothing reached Zoom: the message was not posted.');
    expect(result.stdout).toContain('retry 1 of 1');
  });

  it('a proxy that refuses CONNECT: a send is retried, and nothing was posted', async () => {
    // proxy.test.ts has the token request refused; this is a send, with a given token.
    const page = '<html><body>502 Cannot reach upstream</body></html>';
    const proxy = await tcpServer((socket) =>
      socket.end(
        `HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\ncontent-length: ${page.length}\r\n\r\n${page}`,
      ),
    );
    const api = await httpServer((res) => json(res, 201, { message_id: 'm1' }));
    const result = await runInProcess({
      inputs: { ...TARGET, token: TOKEN, api_url: `${api.url}/v2`, content: 'Hello', retries: '1' },
      env: { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`, HTTP_PROXY: `http://127.0.0.1:${proxy.port}` },
    });
    const error = expectFailed(result, 'the proxy refused to open a tunnel to Zoom: HTTP 502');
    expect(error).toContain('after 2 attempts. Nothing reached Zoom: the message was not posted.');
    expect(proxy.connections).toBe(2);
    expect(api.connections).toBe(0);
  });

  it('a proxy that hangs up before answering CONNECT: a send is retried, and nothing was posted', async () => {
    const proxy = await tcpServer((socket) => socket.destroy());
    const api = await httpServer((res) => json(res, 201, { message_id: 'm1' }));
    const result = await runInProcess({
      inputs: {
        ...TARGET,
        token: TOKEN,
        api_url: `${api.url}/v2`,
        content: 'Hello',
        timeout_seconds: '0.3',
        retries: '1',
      },
      env: { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`, HTTP_PROXY: `http://127.0.0.1:${proxy.port}` },
    });
    const error = expectFailed(result, 'the proxy closed the connection instead of opening a tunnel to Zoom');
    expect(error).toContain('after 2 attempts. Nothing reached Zoom: the message was not posted.');
    // One connection an attempt: no reconnecting loop (undici 6 has one, nodejs/undici#3897).
    expect(proxy.connections).toBe(2);
    expect(api.connections).toBe(0);
  });

  it('a proxy that never answers CONNECT: a send is retried, and nothing was posted', async () => {
    const proxy = await tcpServer();
    const api = await httpServer((res) => json(res, 201, { message_id: 'm1' }));
    const result = await runInProcess({
      inputs: {
        ...TARGET,
        token: TOKEN,
        api_url: `${api.url}/v2`,
        content: 'Hello',
        timeout_seconds: '0.3',
        retries: '1',
      },
      env: { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`, HTTP_PROXY: `http://127.0.0.1:${proxy.port}` },
    });
    const error = expectFailed(
      result,
      'got no answer (timed out: no answer within 0.3 s, the timeout_seconds input) after 2 attempts',
    );
    expect(error).toContain('Nothing reached Zoom: the message was not posted.');
    expect(proxy.connections).toBe(2);
    expect(api.connections).toBe(0);
  });
});

describe('an answer that trickles in is "sent"', () => {
  const STATUS_LINE = 'HTTP/1.1 201 Created\r\ncontent-type: application/json\r\n';

  it('a send whose status line comes a byte at a time is not sent again: it may have been posted', async () => {
    const api = await httpServer((res) => trickle(res.socket as Socket, STATUS_LINE));
    const result = await runAgainst(`${api.url}/v2`, { timeout_seconds: '0.3' });
    const error = expectFailed(result, 'got no answer (timed out: no answer within 0.3 s, the timeout_seconds input)');
    expect(error).toContain('The message may have been posted');
    expect(error).not.toContain('attempts');
    expect(api.requests).toHaveLength(1);
  });

  it('an edit whose status line trickles is retried', async () => {
    const api = await httpServer((res, index) => {
      if (index === 0) trickle(res.socket as Socket, 'HTTP/1.1 200 OK\r\n');
      else json(res, 200, {});
    });
    const result = await runAgainst(`${api.url}/v2`, {
      mode: 'edit',
      message_id: 'msg-1',
      timeout_seconds: '0.3',
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      'got no answer (timed out: no answer within 0.3 s, the timeout_seconds input); retry 1 of 3',
    );
    expect(api.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
      'PUT /v2/im/chat/messages/msg-1',
      'PUT /v2/im/chat/messages/msg-1',
    ]);
  });

  it('timeout_seconds is a deadline for the whole attempt: a body that keeps coming still fails it', async () => {
    // 46 bytes at one per 50 ms arrive in about 2.3 s: an idle timer of 0.3 s would never fire,
    // and the edit would succeed.
    const body = JSON.stringify({ message_id: 'msg-1', padding: 'x'.repeat(10) });
    const api = await httpServer((res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.flushHeaders();
      trickle(res.socket as Socket, body);
    });
    const result = await runAgainst(`${api.url}/v2`, {
      mode: 'edit',
      message_id: 'msg-1',
      timeout_seconds: '0.3',
      retries: '1',
    });
    expectFailed(
      result,
      `PUT ${api.url}/v2/im/chat/messages/msg-1 got no answer (timed out: no answer within 0.3 s, the timeout_seconds input) after 2 attempts.`,
    );
    expect(api.requests).toHaveLength(2);
  });
});
