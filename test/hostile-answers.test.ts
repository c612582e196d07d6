// Answers as an attacker (or a broken gateway) would give them: forged ids, hosts the token should
// not go to, huge bodies, huge files. Nothing from outside becomes a workflow command, a credential
// goes only where the inputs say, and the step's result stays what Zoom's answer decided.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiUrlFromToken } from '../src/zoom/connect.ts';
import type { ActionRun } from '../tools/run-action.ts';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';
import { runInProcess } from './support/in-process.ts';

let zoom: ZoomSimulator;
let other: ZoomSimulator;

beforeAll(async () => {
  zoom = await startZoomSimulator();
  other = await startZoomSimulator();
});
afterAll(async () => {
  await zoom.close();
  await other.close();
});
beforeEach(() => {
  zoom.reset();
  other.reset();
});

function run(inputs: Record<string, string> = {}, env: Record<string, string> = {}): Promise<ActionRun> {
  return runInProcess({ inputs: { ...zoomInputs(zoom), content: 'Hello', ...inputs }, env });
}

/** No line of stdout starts a workflow command but those the action itself writes. */
function commandLines(result: ActionRun): string[] {
  return result.stdout
    .split(/\r\n|\r|\n/)
    .filter((line) => line.trimStart().startsWith('::'))
    .map((line) => line.trimStart().split('::')[1] ?? '')
    .map((command) => command.split(' ')[0] ?? '');
}

const OWN_COMMANDS = new Set(['add-mask', 'debug', 'error', 'warning', 'notice', 'group', 'endgroup']);

const messageCalls = (sim: ZoomSimulator) => sim.requests.filter((r) => r.path.startsWith('/v2/'));

describe('nothing from outside becomes a workflow command', () => {
  it("a forged message_id in Zoom's answer: a failed send, no state, no command", async () => {
    const forged = `m-1\n::save-state name=finalize::${JSON.stringify({ messageId: 'x', startedAt: '', finalize: { kind: 'preset' } })}`;
    zoom.onRequest((req) =>
      req.path.startsWith('/v2/') ? { kind: 'act-then-respond', status: 201, body: { message_id: forged } } : undefined,
    );
    const result = await run({ finalize: 'true' });
    expect(result.exitCode).toBe(1);
    expect(commandLines(result).every((command) => OWN_COMMANDS.has(command))).toBe(true);
    expect(result.state).toEqual({ isPost: 'true' });
    expect(result.exported).toEqual({});
    expect(result.outputs.message_id).toBe('');
    expect(result.commands('error')[0]).toContain('no usable message_id');
  });

  it('an id given to delete that reads as a command is logged as data', async () => {
    const result = await run({ mode: 'delete', message_id: '::warning::forged' });
    expect(result.commands('warning').some((line) => line === 'forged')).toBe(false);
    expect(commandLines(result).every((command) => OWN_COMMANDS.has(command))).toBe(true);
    expect(result.stdout).toContain('- ::warning::forged: already gone (404, code 8001)');
  });

  it('after an edit the output is the id edited, whatever the answer says', async () => {
    const sent = await run();
    const id = sent.outputs.message_id as string;
    zoom.onRequest((req) =>
      req.method === 'PUT'
        ? { kind: 'act-then-respond', status: 200, body: { message_id: 'someone-else' } }
        : undefined,
    );
    const edited = await run({ mode: 'edit', message_id: id, content: 'Edited' });
    expect(edited.exitCode).toBe(0);
    expect(edited.outputs.message_id).toBe(id);
    expect(edited.outputs.thread_id).toBe(id);
  });
});

describe('the post step trusts only what it can check', () => {
  it('a state that names other hosts and credentials is ignored: the inputs decide', async () => {
    const sent = await run({ finalize: 'Done {{ status }}' });
    const saved = JSON.parse(sent.state.finalize as string);
    const forged = { ...saved, apiUrl: `${other.url}/v2`, oauthUrl: other.oauthUrl, token: other.mintToken() };
    const result = await runInProcess({
      inputs: { ...zoomInputs(zoom), content: 'Hello', finalize: 'Done {{ status }}' },
      state: { isPost: 'true', finalize: JSON.stringify(forged) },
    });
    expect(result.exitCode).toBe(0);
    expect(other.requests).toEqual([]);
    expect(zoom.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });
});

describe("where the token goes: the token answer's api_url", () => {
  function tokenAnswer(sim: ZoomSimulator, apiUrl: unknown): void {
    sim.onRequest((req) =>
      req.path === '/oauth/token'
        ? {
            kind: 'respond',
            status: 200,
            body: { access_token: other.mintToken(), token_type: 'bearer', api_url: apiUrl },
          }
        : undefined,
    );
  }

  it.each([
    ['plain http on another host', 'http://gateway.test/v2'],
    ['ftp', 'ftp://127.0.0.1/v2'],
    ['not a URL', 'zoom api'],
  ])('%s: the step fails before any message call, naming api_url and the token answer', async (_, apiUrl) => {
    tokenAnswer(zoom, apiUrl);
    const result = await run();
    expect(result.exitCode).toBe(1);
    const [error] = result.commands('error');
    expect(error).toContain(`the answer's api_url '${apiUrl}' is not an https URL, or http on 127.0.0.1`);
    expect(error).toContain("Set the 'api_url' input");
    expect(messageCalls(zoom)).toEqual([]);
    expect(messageCalls(other)).toEqual([]);
  });

  it('with fail_on_error false a refused api_url is a warning, as a failed Zoom call', async () => {
    tokenAnswer(zoom, 'ftp://127.0.0.1/v2');
    const result = await run({ fail_on_error: 'false' });
    expect(result.exitCode).toBe(0);
    expect(result.commands('warning').join('\n')).toContain("the answer's api_url 'ftp://127.0.0.1/v2'");
    expect(result.outputs.result).toBe('failed');
  });

  it("plain http on the token URL's host, another port: used, as with a local simulator", async () => {
    tokenAnswer(zoom, other.url);
    const result = await run();
    expect(result.exitCode).toBe(0);
    expect(messageCalls(other)).toHaveLength(1);
    expect(messageCalls(zoom)).toEqual([]);
  });

  it("the api_url input wins: the token answer's value is not looked at", async () => {
    tokenAnswer(zoom, 'ftp://nowhere');
    const result = await run({ api_url: other.apiUrl });
    expect(result.exitCode).toBe(0);
    expect(messageCalls(other)).toHaveLength(1);
  });

  it('the rule, for an https token URL too', () => {
    const https = new URL('https://zoom.us/oauth/token');
    const http = new URL('http://127.0.0.1:9/oauth/token');
    expect(apiUrlFromToken(undefined, https).href).toBe('https://api.zoom.us/v2');
    expect(apiUrlFromToken('https://api.zoomgov.com', https).href).toBe('https://api.zoomgov.com/v2');
    expect(apiUrlFromToken('https://gw.test/zoom/v2/', https).href).toBe('https://gw.test/zoom/v2');
    expect(() => apiUrlFromToken('http://api.zoom.us', https)).toThrow('is not an https URL, so the token');
    expect(() => apiUrlFromToken('http://zoom.us', https)).toThrow('api_url');
    expect(apiUrlFromToken('http://127.0.0.1:8080', http).href).toBe('http://127.0.0.1:8080/v2');
    expect(() => apiUrlFromToken('http://localhost:8080', http)).toThrow('or http on 127.0.0.1');
  });

  it('a password in api_url or oauth_url is masked, dry-run log and debug lines included', async () => {
    const apiUrl = `http://gw-user:api-pa55word@127.0.0.1:${new URL(zoom.url).port}/v2`;
    const oauthUrl = `http://gw-user:oauth-pa55word@127.0.0.1:${new URL(zoom.url).port}/oauth/token`;
    const result = await run({ api_url: apiUrl, oauth_url: oauthUrl, dry_run: 'true' }, { RUNNER_DEBUG: '1' });
    const shown = result.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'));
    expect(shown.join('\n')).toContain('Dry run: nothing was sent');
    expect(shown.join('\n')).not.toContain('api-pa55word');
    expect(shown.join('\n')).not.toContain('oauth-pa55word');
    expect(result.stdout).toContain('::add-mask::api-pa55word');
    expect(result.stdout).toContain('::add-mask::oauth-pa55word');
  });
});

describe('message ids stay inside the messages path', () => {
  it.each([
    ['edit', '.'],
    ['edit', '..'],
    ['upsert', '..'],
    ['delete', '..'],
    ['delete', 'm-1, .., m-2'],
  ])('mode %s, message_id %j: bad input, no call', async (mode, id) => {
    const result = await run({ mode, message_id: id });
    expect(result.exitCode).toBe(1);
    expect(result.commands('error')[0]).toMatch(/^Invalid message_id '\.\.?'\. Expected a Zoom message id/);
    expect(zoom.requests).toEqual([]);
  });
});

describe('nothing after a call Zoom took fails the step', () => {
  it('a message of 130,000 lines is posted once, with a summary, and the step succeeds', async () => {
    const text = Array.from({ length: 130_000 }, (_, i) => `line ${i}`).join('\n');
    const result = await run({ content: text });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.result).toBe('sent');
    expect(messageCalls(zoom)).toHaveLength(1);
    expect(result.summary).toContain('… (129960 more lines)');
    expect(result.commands('error')).toEqual([]);
  });
});

describe('bounded answers and bounded reports', () => {
  let server: Server;
  let url: string;
  let answer: (res: import('node:http').ServerResponse) => void;
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => answer(res));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  it('an answer without end is cut at 16 MiB: a clear error, memory stays bounded', async () => {
    let written = 0;
    answer = (res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 'x');
      const more = () => {
        while (written < 64 * 1024 * 1024 && res.write(chunk)) written += chunk.length;
        if (written < 64 * 1024 * 1024) res.once('drain', more);
        else res.end();
      };
      more();
    };
    const result = await run({ token: other.mintToken(), api_url: url, client_id: '', client_secret: '' });
    expect(result.exitCode).toBe(1);
    expect(result.commands('error')[0]).toContain('the answer is larger than 16 MiB');
    expect(result.commands('error')[0]).toContain('may have been posted');
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it('an answer of a few MiB is read whole; the response output is cut to 64 KiB, saying so', async () => {
    const padding = 'p'.repeat(3 * 1024 * 1024);
    answer = (res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message_id: 'big-1', padding }));
    };
    const result = await run({ token: other.mintToken(), api_url: url, client_id: '', client_secret: '' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.message_id).toBe('big-1');
    const response = result.outputs.response as string;
    expect(response.length).toBeLessThan(70 * 1024);
    expect(response).toMatch(/… \(cut: the answer is \d+ characters; this output keeps the first 65536\)$/);
    const total = Object.values(result.outputs).reduce((sum, value) => sum + value.length, 0);
    expect(total).toBeLessThan(1_000_000);
  });

  it("an error annotation keeps Zoom's code and a few KB of its message, with its length", async () => {
    const said = 'bad field. '.repeat(20_000);
    answer = (res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 300, message: said }));
    };
    const result = await run({ token: other.mintToken(), api_url: url, client_id: '', client_secret: '' });
    const [error] = result.commands('error');
    expect(error).toContain('HTTP 400, code 300: bad field.');
    expect(error).toMatch(/… \(219999 characters in all\)/);
    expect((error ?? '').length).toBeLessThan(3000);
    expect(result.summary.length).toBeLessThan(10_000);
  });

  it('a delete of 200 ids that each fail with a long message keeps the summary under 1 MiB', async () => {
    const said = 'no. '.repeat(5_000);
    answer = (res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 300, message: said }));
    };
    const ids = Array.from({ length: 200 }, (_, i) => `&<id-${i}>`).join(' ');
    const result = await run({ token: other.mintToken(), api_url: url, mode: 'delete', message_id: ids });
    expect(result.exitCode).toBe(1);
    expect(result.summary.match(/^\| &amp;&lt;id-/gm)).toHaveLength(200);
    expect(Buffer.byteLength(result.summary)).toBeLessThan(1024 * 1024);
  });
});

describe('timeouts say so', () => {
  it('no answer within timeout_seconds: the error says it timed out and names timeout_seconds', async () => {
    zoom.onRequest((req) => (req.path.startsWith('/v2/') ? { kind: 'hang' } : undefined));
    const result = await run({ timeout_seconds: '0.2', retries: '0' });
    expect(result.commands('error')[0]).toContain('timed out: no answer within 0.2 s, the timeout_seconds input');
  });
});
