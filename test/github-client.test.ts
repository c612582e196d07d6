// The GitHub client: every failure becomes one line naming the method, the path and what GitHub (or
// whatever answered) said; a request that gets no answer in time is cut off.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubApiError, githubClient, repoOf } from '../src/github/client.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let handler: Handler = (_, res) => res.end();
let seen: IncomingMessage[] = [];
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Lists an issue's comments against the local server, answering with `answer`. */
async function failureOf(answer: Handler, timeoutMs = 5000): Promise<GitHubApiError> {
  handler = answer;
  seen = [];
  const github = githubClient('ghs_test', timeoutMs, { GITHUB_API_URL: url });
  const error = await github
    .request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'o', repo: 'r', issue_number: 7 })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(GitHubApiError);
  return error as GitHubApiError;
}

function send(status: number, type: string, body: string): Handler {
  return (_, res) => {
    res.statusCode = status;
    res.setHeader('content-type', type);
    res.end(body);
  };
}

const PATH = 'GitHub GET /repos/o/r/issues/7/comments';

describe('githubClient', () => {
  it("says GitHub's message, on one line, with the status", async () => {
    const error = await failureOf(send(500, 'application/json', '{"message": "Server\\n  exploded  "}'));
    expect(error.message).toBe(`${PATH} failed: HTTP 500: Server exploded`);
    expect(error.status).toBe(500);
    expect(error.name).toBe('GitHubApiError');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers.authorization).toBe('token ghs_test');
    expect(seen[0]?.headers['user-agent']).toContain('zoom-chatbot-action');
  });

  it('says the start of a body that is not JSON', async () => {
    const error = await failureOf(send(502, 'text/plain', `Bad gateway\n${'x'.repeat(300)}`));
    expect(error.message).toBe(`${PATH} failed: HTTP 502: Bad gateway ${'x'.repeat(188)}`);
    expect(error.status).toBe(502);
  });

  it("falls back to Octokit's own message for an empty body or JSON without a message", async () => {
    const empty = await failureOf(send(503, 'text/plain', ''));
    // Octokit's message for an empty answer is empty too.
    expect(empty.message).toBe(`${PATH} failed: HTTP 503: `);
    expect(empty.status).toBe(503);
    const noMessage = await failureOf(send(422, 'application/json', '{"errors": []}'));
    expect(noMessage.message).toMatch(new RegExp(`^${PATH} failed: HTTP 422: \\S`));
    expect(noMessage.message).not.toContain('undefined');
  });

  it('a connection closed without an answer: no answer, status 0', async () => {
    const error = await failureOf((req) => req.socket.destroy());
    expect(error.message).toMatch(new RegExp(`^${PATH} failed: no answer: \\S`));
    expect(error.status).toBe(0);
  });

  it('a request that hangs is cut off at the deadline', async () => {
    const error = await failureOf(() => undefined, 200);
    expect(error.message).toBe(`${PATH} timed out: no answer within 0.2 s, the timeout_seconds input`);
    expect(error.status).toBe(0);
  });

  it("uses GitHub's API without GITHUB_API_URL", () => {
    expect(githubClient('t', 1000, {}).request.endpoint.DEFAULTS.baseUrl).toBe('https://api.github.com');
    expect(
      githubClient('t', 1000, { GITHUB_API_URL: 'https://ghe.test/api/v3' }).request.endpoint.DEFAULTS.baseUrl,
    ).toBe('https://ghe.test/api/v3');
  });
});

describe('repoOf', () => {
  it('splits owner/repo, and leaves out what is missing', () => {
    expect(repoOf('octo-org/hello-world')).toEqual({ owner: 'octo-org', repo: 'hello-world' });
    expect(repoOf('octo-org')).toEqual({ owner: 'octo-org', repo: '' });
    expect(repoOf('')).toEqual({ owner: '', repo: '' });
  });
});
