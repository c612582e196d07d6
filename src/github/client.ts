// GitHub's REST API through @actions/github's Octokit, at GITHUB_API_URL (GitHub Enterprise Server
// sets it), with a deadline on every request: Octokit has none of its own.

import { getOctokit } from '@actions/github';
import { CallError, errorMessage } from '../errors.js';
import { isRecord } from '../json.js';

/** The Octokit this action calls GitHub with. */
export type GitHub = ReturnType<typeof getOctokit>;

/** GitHub's REST API answered with an HTTP error (a missing permission is 403 or 404), or not at all (status 0). */
export class GitHubApiError extends CallError {
  override name = 'GitHubApiError';
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

/** A run's jobs or a thread's comments beyond this many pages are not worth a step's time. */
export const MAX_PAGES = 30;

/** An Octokit for `token`: `timeoutMs` for each request (each page too), a failure a one-line GitHubApiError. */
export function githubClient(token: string, timeoutMs: number, env = process.env, limit = 'the timeout_seconds input') {
  const baseUrl = env.GITHUB_API_URL || 'https://api.github.com';
  const octokit = getOctokit(token, { baseUrl, userAgent: 'zoom-chatbot-action' });
  octokit.hook.wrap('request', async (request, options) => {
    const signal = AbortSignal.timeout(timeoutMs);
    const { method, url } = octokit.request.endpoint.parse(options);
    const path = new URL(url).pathname;
    try {
      // The request a hook wraps is bound to the options object it was given (Octokit's auth hook
      // sits inside): the signal must go into that object, not into a copy.
      const fetch = (options.request?.fetch as typeof globalThis.fetch | undefined) ?? globalThis.fetch;
      options.request = { ...options.request, signal, fetch: cappedFetch(fetch) };
      return await request(options);
    } catch (error) {
      if (signal.aborted) {
        throw new GitHubApiError(
          `GitHub ${method} ${path} timed out: no answer within ${timeoutMs / 1000} s, ${limit}`,
          0,
        );
      }
      throw describe(error, method, path);
    }
  });
  return octokit;
}

/** The most of an answer of GitHub's that is read: far above any real one. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

// Octokit reads a whole answer into memory: a body without end would grow until the deadline.
function cappedFetch(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body || [204, 205, 304].includes(response.status)) return response;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      // Leaving the loop cancels the rest of the body.
      if (size > MAX_ANSWER_BYTES) {
        throw new Error(`the answer is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB: it was not read further`);
      }
      chunks.push(chunk);
    }
    const { status, statusText, headers, url } = response;
    const whole = new Response(Buffer.concat(chunks), { status, statusText, headers });
    // Octokit reads the answer's URL, which a Response made here would not have.
    return Object.defineProperty(whole, 'url', { value: url });
  };
}

function describe(error: unknown, method: string, path: string): GitHubApiError {
  // A fetch that failed (DNS, refused) reaches here as status 500 without a response: no answer.
  const status = isRecord(error) && isRecord(error.response) && typeof error.status === 'number' ? error.status : 0;
  const data = isRecord(error) && isRecord(error.response) ? error.response.data : undefined;
  const said =
    isRecord(data) && typeof data.message === 'string'
      ? data.message.slice(0, 2000)
      : typeof data === 'string' && data
        ? data.slice(0, 200)
        : errorMessage(error);
  const what = status ? `HTTP ${status}` : 'no answer';
  // One line: the error becomes one annotation.
  return new GitHubApiError(`GitHub ${method} ${path} failed: ${what}: ${said.replace(/\s+/g, ' ').trim()}`, status);
}

/** owner and repo of "owner/repo". */
export function repoOf(repository: string): { owner: string; repo: string } {
  const [owner = '', repo = ''] = repository.split('/');
  return { owner, repo };
}
