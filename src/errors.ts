// What every folder may throw or turn into a message: bad input, and any thrown value as text.

/** Bad input: always fails the step, before any call to Zoom. */
export class InputError extends Error {
  override name = 'InputError';
}

/** The message of any thrown value, not only an Error's. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A call to Zoom or GitHub failed (an HTTP error, or no answer): with fail_on_error false, only a warning. */
export class CallError extends Error {
  override name = 'CallError';
}
