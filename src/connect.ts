// A Zoom client ready to call: the token (given, or minted with its refresh), the API base, and the
// retry and pacing rules every call goes through. Used by the main step and the post step.

import type { Auth } from './inputs.js';
import {
  createPacer,
  DEFAULT_BURST,
  DEFAULT_CONCURRENCY,
  DEFAULT_RATE_PER_SECOND,
} from './pacer.js';
import * as runner from './runner.js';
import { givenToken, mintedToken } from './token.js';
import { mintToken, type ZoomClient } from './zoom.js';

export const DEFAULT_API_URL = 'https://api.zoom.us/v2';

/** What a Zoom client is made from. */
export interface ConnectOptions {
  auth: Auth;
  /** The api_url input; absent: the token answer's, else the default. */
  apiUrl: URL | undefined;
  oauthUrl: URL;
  retries: number;
  timeoutMs: number;
}

/** Mints a token when needed and returns the client every Zoom call uses. */
export async function connectZoom(options: ConnectOptions): Promise<ZoomClient> {
  const { auth } = options;
  const context = {
    retries: options.retries,
    timeoutMs: options.timeoutMs,
    log: (message: string) => runner.info(message),
  };
  const pacer = createPacer({
    ratePerSecond: DEFAULT_RATE_PER_SECOND,
    concurrency: DEFAULT_CONCURRENCY,
    burst: DEFAULT_BURST,
  });
  if (auth.kind === 'token') {
    return {
      ...context,
      pacer,
      apiUrl: options.apiUrl ?? new URL(DEFAULT_API_URL),
      tokens: givenToken(auth.token),
    };
  }
  // The token endpoint has its own limits: it gets its own pacer.
  const tokenContext = { ...context, pacer: createPacer({ ratePerSecond: 10, concurrency: 1 }) };
  const mint = async () => {
    const minted = await mintToken(
      options.oauthUrl,
      auth.clientId,
      auth.clientSecret,
      tokenContext,
    );
    runner.setSecret(minted.accessToken);
    return minted;
  };
  const first = await mint();
  return {
    ...context,
    pacer,
    apiUrl: options.apiUrl ?? apiUrlFromToken(first.apiUrl),
    tokens: mintedToken(first.accessToken, async () => (await mint()).accessToken),
  };
}

// The token answer names the API host (Zoom for Government and other deployments differ).
function apiUrlFromToken(host: string | undefined): URL {
  if (!host) return new URL(DEFAULT_API_URL);
  try {
    const base = host.replace(/\/+$/, '');
    return new URL(base.endsWith('/v2') ? base : `${base}/v2`);
  } catch {
    return new URL(DEFAULT_API_URL);
  }
}
