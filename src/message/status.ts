// A run's outcome as templates see it: GitHub's many spellings folded into five, with GitHub's own
// color (Primer) and an emoji for each. Cancelled and skipped are grey: nobody broke anything.

/** The statuses a run can report, after normalising GitHub's many spellings. */
export const STATUSES = ['success', 'failure', 'cancelled', 'skipped', 'in_progress'] as const;
export type Status = (typeof STATUSES)[number];

// Every value GitHub uses for a job, step, check, workflow run or deployment outcome, so one
// `{% if status == "failure" %}` covers a timed-out run or an errored deployment too.
const LOOKS: Record<Status, [spellings: string, status_color: string, status_emoji: string]> = {
  success: ['success succeeded', '#1F883D', '✅'],
  failure: ['failure failed error timed_out startup_failure', '#CF222E', '❌'],
  cancelled: ['cancelled canceled', '#6E7781', '⏹️'],
  skipped: ['skipped neutral stale inactive', '#6E7781', '⏭️'],
  in_progress: ['in_progress queued pending waiting requested action_required', '#BF8700', '⏳'],
};

const ALIASES = new Map(STATUSES.flatMap((status) => LOOKS[status][0].split(' ').map((s) => [s, status])));

/** The spellings the `status` input accepts. */
export const STATUS_SPELLINGS = [...ALIASES.keys()];

/** Folds a status as GitHub writes it into one of STATUSES; undefined when it is not one. */
export function normaliseStatus(text: string): Status | '' | undefined {
  const key = text.trim().toLowerCase();
  return key === '' ? '' : ALIASES.get(key.replace(/[\s-]+/g, '_'));
}

/** status_color and status_emoji for a status; empty for none. */
export function statusLook(status: Status | ''): { status_color: string; status_emoji: string } {
  if (!status) return { status_color: '', status_emoji: '' };
  const [, status_color, status_emoji] = LOOKS[status];
  return { status_color, status_emoji };
}
