// GitHub's REST API, the few calls this action makes, over our own node:http request. Loaded only
// by the paths that need it (the post step, `key`), through import(): a plain send never evaluates it.

import { GitHubApiError } from './errors.js';
import { type HttpRequest, request } from './http.js';

/** Where and how to call GitHub's REST API. */
export interface GitHubClient {
  /** GITHUB_API_URL: https://api.github.com, or a GitHub Enterprise Server's /api/v3. */
  apiUrl: URL;
  token: string;
  timeoutMs: number;
}

/** A successful answer: status and parsed JSON (undefined for an empty body, as DELETE gives). */
export interface GitHubAnswer {
  status: number;
  json: unknown;
}

const PAGE_SIZE = 100;
// A run's jobs or a thread's comments beyond this many pages are not worth a step's time.
const MAX_PAGES = 30;

/** The URL of `path` (with a leading slash) below the API base. */
export function githubUrl(apiUrl: URL, path: string): URL {
  const base = apiUrl.href.replace(/\/+$/, '');
  return new URL(`${base}${path}`);
}

/** One call; throws GitHubApiError for a non-2xx answer, ZoomRequestError when none comes. */
export async function githubCall(
  client: GitHubClient,
  method: HttpRequest['method'],
  target: string | URL,
  body?: object,
): Promise<GitHubAnswer & { link: string }> {
  const url = typeof target === 'string' ? githubUrl(client.apiUrl, target) : target;
  const headers: Record<string, string> = {
    authorization: `Bearer ${client.token}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'zoom-chatbot-action',
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await request({
    method,
    url,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    timeoutMs: client.timeoutMs,
  });
  const json = parseJson(response.text);
  if (response.status < 200 || response.status > 299) {
    const message =
      isRecord(json) && typeof json.message === 'string'
        ? json.message
        : response.text.slice(0, 200) || 'empty body';
    // One line: the error becomes one annotation.
    throw new GitHubApiError(
      `GitHub ${method} ${url.pathname} failed: HTTP ${response.status}: ${message.replace(/\s+/g, ' ').trim()}`,
      response.status,
    );
  }
  const link = response.headers.link;
  return { status: response.status, json, link: typeof link === 'string' ? link : '' };
}

/**
 * GETs every page of a list endpoint, following the `Link: rel="next"` header. `pick` takes the
 * items out of one page (the jobs endpoint wraps them in an object, the comments one does not).
 */
export async function githubList<T>(
  client: GitHubClient,
  path: string,
  pick: (page: unknown) => T[],
): Promise<T[]> {
  const separator = path.includes('?') ? '&' : '?';
  let next: URL | undefined = githubUrl(client.apiUrl, `${path}${separator}per_page=${PAGE_SIZE}`);
  const items: T[] = [];
  for (let page = 0; next && page < MAX_PAGES; page++) {
    const answer = await githubCall(client, 'GET', next);
    items.push(...pick(answer.json));
    next = nextPage(answer.link);
  }
  return items;
}

function nextPage(link: string): URL | undefined {
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
    if (match?.[1]) {
      try {
        return new URL(match[1]);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Narrows JSON to a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
