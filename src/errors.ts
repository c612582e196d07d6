/** Bad input: always fails the step, before any call to Zoom. */
export class InputError extends Error {
  override name = 'InputError';
}

/** What Zoom (or a proxy in front of it) said when it answered with an HTTP error. */
export interface ZoomErrorDetails {
  status: number;
  /** Zoom's numeric code, or the OAuth `error` string of the token endpoint; absent when not given. */
  code: number | string | undefined;
  /** Zoom's message, the OAuth `reason`, or the start of a body that is not JSON. */
  zoomMessage: string;
  trackingId: string | undefined;
  /** The raw response body. */
  body: string;
}

/** Zoom (or something in front of it) answered with an HTTP error. */
export class ZoomApiError extends Error {
  override name = 'ZoomApiError';
  readonly details: ZoomErrorDetails;
  constructor(message: string, details: ZoomErrorDetails) {
    super(message);
    this.details = details;
  }
}

/** The request got no HTTP answer: connection refused, reset, DNS failure or timeout. */
export class ZoomRequestError extends Error {
  override name = 'ZoomRequestError';
  /** Whether the request may have reached Zoom, so Zoom may have acted on it. */
  readonly maybeDelivered: boolean;
  constructor(message: string, maybeDelivered: boolean) {
    super(message);
    this.maybeDelivered = maybeDelivered;
  }
}

/** GitHub's REST API answered with an HTTP error (a missing permission is 403 or 404). */
export class GitHubApiError extends Error {
  override name = 'GitHubApiError';
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}
