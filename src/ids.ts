// What a Zoom message id may be, wherever one comes from (Zoom's answer, a key's record).

/** An id a later call can name: a string, not blank, on one line, not `.` or `..` (another path). */
export function usableMessageId(id: unknown): id is string {
  return typeof id === 'string' && id.trim() !== '' && !/\p{Cc}|[\u2028\u2029]/u.test(id) && !/^\.\.?$/.test(id);
}
