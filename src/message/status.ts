// A run's outcome as templates see it: GitHub's many spellings folded into five, with a color and
// an emoji for each.

/** The statuses a run can report, after normalising GitHub's many spellings. */
export const STATUSES = ['success', 'failure', 'cancelled', 'skipped', 'in_progress'] as const;
export type Status = (typeof STATUSES)[number];

// Every value GitHub uses for a job, step, check, workflow run or deployment outcome, folded into
// the five statuses, so one `{% if status == "failure" %}` covers a timed-out run or an errored
// deployment too.
const STATUS_ALIASES: Record<string, Status> = {
  success: 'success',
  succeeded: 'success',
  failure: 'failure',
  failed: 'failure',
  error: 'failure',
  timed_out: 'failure',
  startup_failure: 'failure',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  skipped: 'skipped',
  neutral: 'skipped',
  stale: 'skipped',
  inactive: 'skipped',
  in_progress: 'in_progress',
  queued: 'in_progress',
  pending: 'in_progress',
  waiting: 'in_progress',
  requested: 'in_progress',
  action_required: 'in_progress',
};

/** The spellings the `status` input accepts. */
export const STATUS_SPELLINGS = Object.keys(STATUS_ALIASES);

/** Folds a status as GitHub writes it into one of STATUSES; undefined when it is not one. */
export function normaliseStatus(text: string): Status | '' | undefined {
  const key = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (key === '') return '';
  return STATUS_ALIASES[key];
}

// GitHub's own palette (Primer): cancelled and skipped are grey, not red: nobody broke anything.
const STATUS_COLORS: Record<Status, string> = {
  success: '#1F883D',
  failure: '#CF222E',
  cancelled: '#6E7781',
  skipped: '#6E7781',
  in_progress: '#BF8700',
};

const STATUS_EMOJIS: Record<Status, string> = {
  success: '✅',
  failure: '❌',
  cancelled: '⏹️',
  skipped: '⏭️',
  in_progress: '⏳',
};

/** status_color and status_emoji for a status; empty for none. */
export function statusLook(status: Status | ''): { status_color: string; status_emoji: string } {
  return {
    status_color: status ? STATUS_COLORS[status] : '',
    status_emoji: status ? STATUS_EMOJIS[status] : '',
  };
}
