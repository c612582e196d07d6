// A Zoom client ready to call: the token (given, or minted with its refresh), the API base, and the
// transport, retries and pace every call goes through. Used by the main step and the post step.

import { CallError } from '../errors.js';
import { type CallContext, mintToken, type ZoomClient } from './client.js';
import { withHint, ZoomApiError } from './errors.js';
import { createTransport } from './http.js';
import { createPacer, DEFAULT_BURST, DEFAULT_CONCURRENCY, DEFAULT_RATE_PER_SECOND } from './pacer.js';
import { givenToken, mintedToken } from './token.js';

/** Zoom's API base when neither api_url nor the token answer names one. */
export const DEFAULT_API_URL = 'https://api.zoom.us/v2';

/** How the action authenticates: a given token, or app credentials to mint one. */
export type Auth = { kind: 'token'; token: string } | { kind: 'credentials'; clientId: string; clientSecret: string };

/** What a Zoom client is made from. */
export interface ConnectOptions extends Pick<CallContext, 'retries' | 'timeoutMs' | 'log' | 'redact'> {
  auth: Auth;
  /** The api_url input; absent: the token answer's, else the default. */
  apiUrl: URL | undefined;
  oauthUrl: URL;
  /** Registers a secret (the minted token) for masking. */
  addSecret: (value: string) => void;
}

/** Mints a token when needed and returns the client every Zoom call uses; close() it when done. */
export async function connectZoom(options: ConnectOptions): Promise<ZoomClient> {
  const { auth, retries, timeoutMs, log, redact } = options;
  const context = { retries, timeoutMs, log, redact, transport: createTransport() };
  const pacer = createPacer({
    ratePerSecond: DEFAULT_RATE_PER_SECOND,
    concurrency: DEFAULT_CONCURRENCY,
    burst: DEFAULT_BURST,
  });
  if (auth.kind === 'token') {
    return { ...context, pacer, apiUrl: options.apiUrl ?? new URL(DEFAULT_API_URL), tokens: givenToken(auth.token) };
  }
  // The token endpoint has its own limits: it gets its own pacer.
  const tokenContext = { ...context, pacer: createPacer({ ratePerSecond: 10, concurrency: 1 }) };
  const mint = async () => {
    const minted = await mintToken(options.oauthUrl, auth.clientId, auth.clientSecret, tokenContext);
    options.addSecret(minted.accessToken);
    // A gateway's api_url may carry a password (https://user:password@gateway/v2).
    for (const password of urlPasswords(minted.apiUrl)) options.addSecret(password);
    return minted;
  };
  try {
    const first = await mint();
    return {
      ...context,
      pacer,
      apiUrl: options.apiUrl ?? apiUrlFromToken(first.apiUrl, options.oauthUrl),
      tokens: mintedToken(first.accessToken, async () => (await mint()).accessToken),
    };
  } catch (error) {
    await context.transport.close();
    throw withGovHint(error, options);
  }
}

// Zoom for Government's hosts come in a pair (api.zoomgov.com with zoomgov.com/oauth/token): its
// credentials are unknown to the commercial token endpoint.
/** The hint for a Zoom for Government api_url with the commercial oauth_url. */
export function withGovHint(error: unknown, { apiUrl, oauthUrl }: ConnectOptions): unknown {
  const gov = apiUrl?.hostname.endsWith('zoomgov.com') && oauthUrl.hostname.endsWith('zoom.us');
  if (!gov || !(error instanceof ZoomApiError) || error.details.code !== 'invalid_client') return error;
  const hint =
    "'api_url' names Zoom for Government, but 'oauth_url' is Zoom's commercial token URL: set oauth_url to https://zoomgov.com/oauth/token too.";
  return withHint(error, hint);
}

/** The password in a URL (http://user:password@proxy:3128), as written and decoded; none when not a URL. */
export function urlPasswords(text: string | undefined): string[] {
  const password = URL.parse(text?.trim() ?? '')?.password;
  if (!password) return [];
  try {
    return [password, decodeURIComponent(password)];
  } catch {
    return [password];
  }
}

// The token goes where the answer says next: only https is taken, or, when the token itself came
// over plain http (a local simulator), http on the same host.
/** The API base a token answer names (Zoom for Government and other deployments differ). */
export function apiUrlFromToken(host: string | undefined, oauthUrl: URL): URL {
  if (!host) return new URL(DEFAULT_API_URL);
  const base = host.trim().replace(/\/+$/, '');
  const url = URL.parse(base.endsWith('/v2') ? base : `${base}/v2`);
  const local = oauthUrl.protocol === 'http:' && url?.protocol === 'http:' && url.hostname === oauthUrl.hostname;
  if (url && (url.protocol === 'https:' || local)) return url;
  const allowed = oauthUrl.protocol === 'http:' ? `an https URL, or http on ${oauthUrl.hostname}` : 'an https URL';
  throw new CallError(
    `Zoom token request: the answer's api_url '${host.slice(0, 200)}' is not ${allowed}, so the token was not sent there and no message call was made. Set the 'api_url' input to choose the API host yourself.`,
  );
}
