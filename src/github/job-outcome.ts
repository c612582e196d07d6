// How the job that runs this post step went, read from GitHub's jobs API. While post steps run the
// job is still in_progress with no conclusion, so the outcome is derived from its steps.

import { type GitHub, MAX_PAGES, repoOf } from './client.js';

/** success, failure or cancelled, as GitHub spells a step's conclusion. */
export type JobStatus = 'success' | 'failure' | 'cancelled';

/** One job of the jobs API answer, the fields this action reads. */
export interface Job {
  id: number;
  name: string;
  status: string;
  runner_name: string | null;
  started_at: string | null;
  steps: { name: string; status: string; conclusion: string | null }[];
}

/** The job found and the outcome derived from its steps. */
export type JobOutcome = { status: JobStatus; job: Job };

/** Which job to look for: this run attempt, this runner, this job's id from the workflow. */
export interface JobQuery {
  repository: string;
  runId: string;
  runAttempt: string;
  runnerName: string;
  /** GITHUB_JOB, the job's id in the workflow. */
  jobId: string;
}

/** Why no job could be picked; the post step turns it into its one warning. */
export class JobNotFoundError extends Error {
  override name = 'JobNotFoundError';
}

/** Lists the run attempt's jobs, finds this one and derives its outcome. */
export async function readJobOutcome(github: GitHub, query: JobQuery): Promise<JobOutcome> {
  const run = { run_id: Number(query.runId), attempt_number: Number(query.runAttempt) || 1 };
  let pages = 0;
  const jobs = await github.paginate(
    'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs',
    { ...repoOf(query.repository), ...run, per_page: 100 },
    (response, done) => {
      if (++pages >= MAX_PAGES) done();
      // Only the fields read here; a field the answer lacks reads as empty.
      return response.data.map((job) => ({
        id: job.id ?? 0,
        name: job.name ?? '',
        status: job.status ?? '',
        runner_name: job.runner_name ?? null,
        started_at: job.started_at ?? null,
        steps: job.steps ?? [],
      }));
    },
  );
  const job = pickJob(jobs, query);
  return { job, status: outcomeOf(job.steps) };
}

// A runner runs one job at a time, so the runner's name is normally enough; when it is not
// (self-hosted runners sharing a name), the job's name decides: GITHUB_JOB, or GITHUB_JOB " (…matrix)".
/** This job: the in-progress one on this runner. */
export function pickJob(jobs: Job[], query: JobQuery): Job {
  const running = jobs.filter((job) => job.status === 'in_progress');
  let candidates = query.runnerName ? running.filter((job) => job.runner_name === query.runnerName) : running;
  if (candidates.length > 1) {
    const byName = candidates.filter((job) => job.name === query.jobId || job.name.startsWith(`${query.jobId} (`));
    if (byName.length > 0) candidates = byName;
  }
  const [job, ...others] = candidates;
  if (!job) {
    throw new JobNotFoundError(
      `no in-progress job on runner '${query.runnerName}' among the ${jobs.length} job(s) of run ${query.runId} attempt ${query.runAttempt}`,
    );
  }
  if (others.length > 0) {
    throw new JobNotFoundError(
      `${candidates.length} in-progress jobs on runner '${query.runnerName}' and none is named '${query.jobId}' alone`,
    );
  }
  return job;
}

/** Any failed step: failure; else any cancelled step: cancelled; else success. Unfinished steps do not count. */
export function outcomeOf(steps: Job['steps']): JobStatus {
  const done = steps.filter((step) => step.status === 'completed');
  if (done.some((step) => step.conclusion === 'failure')) return 'failure';
  if (done.some((step) => step.conclusion === 'cancelled')) return 'cancelled';
  return 'success';
}
