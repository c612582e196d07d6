// A run's secrets in every form a body or header may echo them, for both steps: registered with the runner
// (core.setSecret) and redacted from all the action writes, for where no runner masks (a local run, a test).

import * as core from '@actions/core';
import { urlPasswords } from '../zoom/connect.js';
import { PROXY_VARIABLES } from '../zoom/http.js';

/** The secrets registered in one step, and their redaction. */
export type Secrets = ReturnType<typeof createSecrets>;

/** An empty registry for one step. */
export function createSecrets() {
  const forms = new Set<string>();
  /** The path of the first string leaf that holds a secret, if any. */
  const find = (value: unknown, path: string): string | undefined => {
    if (typeof value === 'string') return [...forms].some((form) => value.includes(form)) ? path : undefined;
    if (typeof value !== 'object' || value === null) return undefined;
    for (const [key, child] of Object.entries(value)) {
      const found = find(child, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`);
      if (found) return found;
    }
    return undefined;
  };
  return {
    /** Registers `value` in its raw, JSON-escaped and URL-escaped forms. */
    add(value: string | undefined): void {
      const secret = value?.trim();
      if (!secret) return;
      // Bodies that echo input back may hold it JSON- or URL-escaped.
      for (const form of [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]) {
        if (forms.has(form)) continue;
        forms.add(form);
        core.setSecret(form);
      }
    },
    /** `text` with every registered form replaced by `***`. */
    redact(text: string): string {
      // Longest first, so a secret that contains another is masked whole.
      const longestFirst = [...forms].sort((a, b) => b.length - a.length);
      return longestFirst.reduce((result, form) => result.split(form).join('***'), text);
    },
    find,
  };
}

/** Registers every credential the step can see, from its inputs and their env fallbacks. */
export function maskCredentials(secrets: Secrets, env: NodeJS.ProcessEnv = process.env): void {
  const read = (name: string): string => core.getInput(name);
  const clientId = read('client_id') || (env.ZOOM_CLIENT_ID ?? '').trim();
  const clientSecret = read('client_secret') || (env.ZOOM_CLIENT_SECRET ?? '').trim();
  const inputs = [read('token'), clientId, clientSecret, read('github_token')];
  const values = [...inputs, env.GITHUB_TOKEN, env.ZOOM_CLIENT_SECRET, env.ZOOM_CLIENT_ID];
  // An error page may echo the Basic header back: its base64 holds the secret in another form.
  if (clientId && clientSecret) values.push(Buffer.from(`${clientId}:${clientSecret}`).toString('base64'));
  // A proxy or gateway URL may carry credentials (http://user:password@proxy:3128).
  const urls = [read('api_url'), read('oauth_url'), ...PROXY_VARIABLES.map((name) => env[name])];
  for (const url of urls) values.push(...urlPasswords(url));
  for (const value of values) secrets.add(value);
}
