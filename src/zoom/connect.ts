// A Zoom client ready to call: the token (given, or minted with its refresh), the API base, and the
// transport, retries and pace every call goes through. Used by the main step and the post step.

import { type CallContext, mintToken, type ZoomClient } from './client.js';
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
    return minted;
  };
  try {
    const first = await mint();
    return {
      ...context,
      pacer,
      apiUrl: options.apiUrl ?? apiUrlFromToken(first.apiUrl),
      tokens: mintedToken(first.accessToken, async () => (await mint()).accessToken),
    };
  } catch (error) {
    await context.transport.close();
    throw error;
  }
}

// The token answer names the API host (Zoom for Government and other deployments differ).
function apiUrlFromToken(host: string | undefined): URL {
  if (!host) return new URL(DEFAULT_API_URL);
  const base = host.replace(/\/+$/, '');
  return URL.parse(base.endsWith('/v2') ? base : `${base}/v2`) ?? new URL(DEFAULT_API_URL);
}
