/**
 * An in-process HTTP server that stands in for the few GitHub REST endpoints the action calls:
 * a run attempt's jobs (finalize) and an issue's comments (key). It checks the token and the
 * permission each endpoint needs, answers as GitHub does (403 "Resource not accessible by
 * integration", 401 "Bad credentials", 404 "Not Found") and paginates with Link headers.
 *
 * node:http only, erasable TypeScript only, like the Zoom simulator.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimJob {
  id: number;
  run_id: number;
  run_attempt: number;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  runner_name: string | null;
  started_at: string;
  completed_at: string | null;
  html_url: string;
  steps: { name: string; number: number; status: string; conclusion: string | null }[];
}

export interface SimComment {
  id: number;
  /** owner/name#number */
  thread: string;
  body: string;
  user: { login: string; type: 'User' | 'Bot' };
  author_association: string;
  created_at: string;
}

export interface GitHubRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  status: number;
}

/** What the token may do, as a workflow's `permissions:` grants it. */
export interface SimPermissions {
  actions: 'read' | 'none';
  /** Comments on pull requests and issues (pull-requests or issues permission). */
  issues: 'write' | 'read' | 'none';
}

export interface GitHubSimulator {
  /** http://127.0.0.1:PORT, to use as GITHUB_API_URL */
  url: string;
  /** the one token the simulator accepts */
  token: string;
  requests: GitHubRequest[];
  permissions: SimPermissions;
  /** Largest per_page the simulator honours (GitHub: 100); lower it to test pagination. */
  maxPerPage: number;
  /** Sets the jobs of one run attempt. */
  setJobs(repository: string, runId: number, attempt: number, jobs: SimJob[]): void;
  /** Adds a comment as someone else (a person or another app), returns it. */
  addComment(repository: string, issue: number, body: string, author?: Partial<SimComment>): SimComment;
  /** The comments of one pull request or issue, oldest first. */
  comments(repository: string, issue: number): SimComment[];
  reset(): void;
  close(): Promise<void>;
}

const TOKEN_USER = { login: 'github-actions[bot]', type: 'Bot' as const };

/** A job as GitHub shows it while its post steps run: in progress, no conclusion. */
export function simJob(fields: Partial<SimJob> & { steps?: SimJob['steps'] }): SimJob {
  return {
    id: 1,
    run_id: 1234567890,
    run_attempt: 1,
    name: 'deploy',
    status: 'in_progress',
    conclusion: null,
    runner_name: 'GitHub Actions 7',
    started_at: new Date(Date.now() - 192_000).toISOString(),
    completed_at: null,
    html_url: 'https://github.com/octo-org/hello-world/actions/runs/1234567890/job/1',
    steps: [],
    ...fields,
  };
}

/** Steps as name -> [status, conclusion]. */
export function simSteps(steps: [string, string, string | null][]): SimJob['steps'] {
  return steps.map(([name, status, conclusion], index) => ({
    name,
    number: index + 1,
    status,
    conclusion,
  }));
}

export async function startGitHubSimulator(): Promise<GitHubSimulator> {
  const token = `ghs_sim${Math.random().toString(36).slice(2)}`;
  const requests: GitHubRequest[] = [];
  const jobs = new Map<string, SimJob[]>();
  let comments: SimComment[] = [];
  let nextCommentId = 1000;
  let url = '';
  const sim: GitHubSimulator = {
    url: '',
    token,
    requests,
    permissions: { actions: 'read', issues: 'write' },
    maxPerPage: 100,
    setJobs(repository, runId, attempt, list) {
      jobs.set(`${repository}/${runId}/${attempt}`, list);
    },
    addComment(repository, issue, body, author = {}) {
      const comment: SimComment = {
        id: nextCommentId++,
        thread: `${repository}#${issue}`,
        body,
        user: { login: 'someone', type: 'User' },
        author_association: 'CONTRIBUTOR',
        created_at: new Date().toISOString(),
        ...author,
      };
      comments.push(comment);
      return comment;
    },
    comments(repository, issue) {
      return comments.filter((comment) => comment.thread === `${repository}#${issue}`);
    },
    reset() {
      requests.length = 0;
      jobs.clear();
      comments = [];
      sim.permissions = { actions: 'read', issues: 'write' };
      sim.maxPerPage = 100;
    },
    close: () => Promise.resolve(),
  };

  function json(res: ServerResponse, status: number, body?: unknown, link?: string): number {
    res.statusCode = status;
    if (link) res.setHeader('link', link);
    if (body === undefined) {
      res.end();
    } else {
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(body));
    }
    return status;
  }

  function denied(res: ServerResponse): number {
    return json(res, 403, {
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest',
      status: '403',
    });
  }

  function notFound(res: ServerResponse): number {
    return json(res, 404, {
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
      status: '404',
    });
  }

  /** One page of `items`, with GitHub's Link header. */
  function page(
    res: ServerResponse,
    path: string,
    query: Record<string, string>,
    items: unknown[],
    wrap: (items: unknown[]) => unknown,
  ): number {
    const perPage = Math.min(Number(query.per_page) || 30, sim.maxPerPage);
    const current = Math.max(1, Number(query.page) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((current - 1) * perPage, current * perPage);
    const at = (n: number): string => `${url}${path}?per_page=${perPage}&page=${n}`;
    const links: string[] = [];
    if (current < last) links.push(`<${at(current + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
    if (current > 1) links.push(`<${at(current - 1)}>; rel="prev"`, `<${at(1)}>; rel="first"`);
    return json(res, 200, wrap(slice), links.join(', ') || undefined);
  }

  function act(req: IncomingMessage, res: ServerResponse, record: GitHubRequest): number {
    const auth = /^(?:Bearer|token)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (auth?.[1] !== token) {
      return json(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
    }
    const { method, path, query } = record;
    let match = /^\/repos\/([^/]+\/[^/]+)\/actions\/runs\/(\d+)\/attempts\/(\d+)\/jobs$/.exec(path);
    if (match && method === 'GET') {
      if (sim.permissions.actions === 'none') return denied(res);
      const list = jobs.get(`${match[1]}/${match[2]}/${match[3]}`);
      if (!list) return notFound(res);
      return page(res, path, query, list, (items) => ({ total_count: list.length, jobs: items }));
    }
    match = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(path);
    if (match) {
      const thread = `${match[1]}#${match[2]}`;
      if (sim.permissions.issues === 'none') return denied(res);
      if (method === 'GET') {
        return page(
          res,
          path,
          query,
          comments.filter((comment) => comment.thread === thread).map(view),
          (items) => items,
        );
      }
      if (method === 'POST') {
        if (sim.permissions.issues !== 'write') return denied(res);
        const body = record.body as { body?: unknown } | undefined;
        if (typeof body?.body !== 'string') return json(res, 422, { message: 'Invalid request' });
        const comment = sim.addComment(match[1] as string, Number(match[2]), body.body, {
          user: TOKEN_USER,
          author_association: 'NONE',
        });
        return json(res, 201, view(comment));
      }
    }
    match = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(path);
    if (match && (method === 'PATCH' || method === 'DELETE')) {
      if (sim.permissions.issues === 'none') return denied(res);
      const comment = comments.find((c) => c.id === Number(match?.[2]) && c.thread.startsWith(`${match?.[1]}#`));
      if (!comment) return notFound(res);
      if (sim.permissions.issues !== 'write') return denied(res);
      if (method === 'DELETE') {
        comments = comments.filter((c) => c !== comment);
        return json(res, 204);
      }
      const body = record.body as { body?: unknown } | undefined;
      if (typeof body?.body !== 'string') return json(res, 422, { message: 'Invalid request' });
      comment.body = body.body;
      return json(res, 200, view(comment));
    }
    return notFound(res);
  }

  function view(comment: SimComment): Record<string, unknown> {
    const { thread: _, ...rest } = comment;
    return rest;
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = undefined;
      }
      const record: GitHubRequest = {
        method: req.method ?? 'GET',
        path: parsed.pathname,
        query: Object.fromEntries(parsed.searchParams),
        headers: { ...req.headers },
        body,
        status: 0,
      };
      requests.push(record);
      record.status = act(req, res, record);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sim.url = url;
  sim.close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  return sim;
}
