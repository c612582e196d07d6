export const id = 207;
export const ids = [207];
export const modules = {

/***/ 9248:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AG: () => (/* binding */ githubList),
/* harmony export */   Mc: () => (/* binding */ githubCall),
/* harmony export */   u4: () => (/* binding */ isRecord)
/* harmony export */ });
/* unused harmony export githubUrl */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7066);
// GitHub's REST API, the few calls this action makes, over our own node:http request. Loaded only
// by the paths that need it (the post step, `key`), through import(): a plain send never evaluates it.


const PAGE_SIZE = 100;
// A run's jobs or a thread's comments beyond this many pages are not worth a step's time.
const MAX_PAGES = 30;
/** The URL of `path` (with a leading slash) below the API base. */
function githubUrl(apiUrl, path) {
    const base = apiUrl.href.replace(/\/+$/, '');
    return new URL(`${base}${path}`);
}
/** One call; throws GitHubApiError for a non-2xx answer, ZoomRequestError when none comes. */
async function githubCall(client, method, target, body) {
    const url = typeof target === 'string' ? githubUrl(client.apiUrl, target) : target;
    const headers = {
        authorization: `Bearer ${client.token}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'zoom-chatbot-action',
    };
    if (body !== undefined)
        headers['content-type'] = 'application/json';
    const response = await (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .request */ .Em)({
        method,
        url,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs: client.timeoutMs,
    });
    const json = parseJson(response.text);
    if (response.status < 200 || response.status > 299) {
        const message = isRecord(json) && typeof json.message === 'string'
            ? json.message
            : response.text.slice(0, 200) || 'empty body';
        // One line: the error becomes one annotation.
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GitHubApiError */ .OS(`GitHub ${method} ${url.pathname} failed: HTTP ${response.status}: ${message.replace(/\s+/g, ' ').trim()}`, response.status);
    }
    const link = response.headers.link;
    return { status: response.status, json, link: typeof link === 'string' ? link : '' };
}
/**
 * GETs every page of a list endpoint, following the `Link: rel="next"` header. `pick` takes the
 * items out of one page (the jobs endpoint wraps them in an object, the comments one does not).
 */
async function githubList(client, path, pick) {
    const separator = path.includes('?') ? '&' : '?';
    let next = githubUrl(client.apiUrl, `${path}${separator}per_page=${PAGE_SIZE}`);
    const items = [];
    for (let page = 0; next && page < MAX_PAGES; page++) {
        const answer = await githubCall(client, 'GET', next);
        items.push(...pick(answer.json));
        next = nextPage(answer.link);
    }
    return items;
}
function nextPage(link) {
    for (const part of link.split(',')) {
        const match = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
        if (match?.[1]) {
            try {
                return new URL(match[1]);
            }
            catch {
                return undefined;
            }
        }
    }
    return undefined;
}
/** Narrows JSON to a plain object. */
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function parseJson(text) {
    if (!text)
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 9207:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runPost: () => (/* binding */ runPost)
});

// EXTERNAL MODULE: ./src/connect.ts + 2 modules
var connect = __webpack_require__(9068);
// EXTERNAL MODULE: ./src/context.ts
var src_context = __webpack_require__(788);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/finalize.ts
var finalize = __webpack_require__(3097);
// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __webpack_require__(8422);
// EXTERNAL MODULE: ./src/github.ts
var github = __webpack_require__(9248);
;// CONCATENATED MODULE: ./src/job-outcome.ts
// How the job that runs this post step went, read from GitHub's jobs API. While post steps run the
// job is still in_progress with no conclusion, so the outcome is derived from its steps.

/** Why no job could be picked; the post step turns it into its one warning. */
class JobNotFoundError extends Error {
    name = 'JobNotFoundError';
}
/** Lists the run attempt's jobs, finds this one and derives its outcome. */
async function readJobOutcome(client, query) {
    const path = `/repos/${query.repository}/actions/runs/${encodeURIComponent(query.runId)}/attempts/${encodeURIComponent(query.runAttempt || '1')}/jobs`;
    const jobs = await (0,github/* githubList */.AG)(client, path, (page) => (0,github/* isRecord */.u4)(page) && Array.isArray(page.jobs) ? page.jobs.map(toJob) : []);
    const job = pickJob(jobs, query);
    return { job, status: outcomeOf(job.steps) };
}
/**
 * This job: the in-progress one on this runner. A runner runs one job at a time, so the runner's
 * name is normally enough; when it is not (self-hosted runners sharing a name), the job's name
 * decides: GITHUB_JOB, or GITHUB_JOB followed by a matrix suffix " (…)".
 */
function pickJob(jobs, query) {
    const running = jobs.filter((job) => job.status === 'in_progress');
    let candidates = query.runnerName
        ? running.filter((job) => job.runner_name === query.runnerName)
        : running;
    if (candidates.length > 1) {
        const byName = candidates.filter((job) => job.name === query.jobId || job.name.startsWith(`${query.jobId} (`));
        if (byName.length > 0)
            candidates = byName;
    }
    const [job, ...others] = candidates;
    if (!job) {
        throw new JobNotFoundError(`no in-progress job on runner '${query.runnerName}' among the ${jobs.length} job(s) of run ${query.runId} attempt ${query.runAttempt}`);
    }
    if (others.length > 0) {
        throw new JobNotFoundError(`${candidates.length} in-progress jobs on runner '${query.runnerName}' and none is named '${query.jobId}' alone`);
    }
    return job;
}
/** Any failed step: failure; else any cancelled step: cancelled; else success. Unfinished steps do not count. */
function outcomeOf(steps) {
    const done = steps.filter((step) => step.status === 'completed');
    if (done.some((step) => step.conclusion === 'failure'))
        return 'failure';
    if (done.some((step) => step.conclusion === 'cancelled'))
        return 'cancelled';
    return 'success';
}
function toJob(value) {
    const job = (0,github/* isRecord */.u4)(value) ? value : {};
    const text = (field) => (typeof field === 'string' ? field : '');
    return {
        id: typeof job.id === 'number' ? job.id : 0,
        name: text(job.name),
        status: text(job.status),
        runner_name: typeof job.runner_name === 'string' ? job.runner_name : null,
        started_at: typeof job.started_at === 'string' ? job.started_at : null,
        steps: Array.isArray(job.steps)
            ? job.steps.filter(github/* isRecord */.u4).map((step) => ({
                name: text(step.name),
                status: text(step.status),
                conclusion: typeof step.conclusion === 'string' ? step.conclusion : null,
            }))
            : [],
    };
}

// EXTERNAL MODULE: ./src/operations.ts
var operations = __webpack_require__(4237);
// EXTERNAL MODULE: ./src/runner.ts + 1 modules
var runner = __webpack_require__(8186);
// EXTERNAL MODULE: ./src/zoom.ts + 1 modules
var zoom = __webpack_require__(2220);
;// CONCATENATED MODULE: ./src/post.ts
// The post step (action.yml `post:`, `post-if: always()`): when the job ends, edit the message the
// main step saved to the job's outcome and the time it took. It never fails the job: every problem
// becomes a warning. Loaded through import() only when the main step saved a message to finalize.









const TIMEOUT_MS = 30_000;
/** Runs the post step: reads the job's outcome, edits the saved message; never fails the job. */
async function runPost(env) {
    try {
        const state = (0,finalize/* parseFinalizeState */.JD)(runner/* getState */.Gu(finalize/* FINALIZE_STATE */.TR, env));
        if (!state) {
            runner/* annotate */.fz('warning', 'Zoom finalize: the main step left no readable state, so the message is left as it is.');
            return;
        }
        await post_finalize(state, env);
    }
    catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        runner/* annotate */.fz('warning', `Zoom finalize: could not edit the message (${message}). The job's result is not affected.`);
    }
    // Whatever happened, a post step of a chat notice must not turn the job red.
    process.exitCode = 0;
}
async function post_finalize(state, env) {
    const read = (name) => runner/* getInput */.V4(name, env);
    const githubToken = read('github_token') || (env.GITHUB_TOKEN ?? '').trim();
    const credentials = [githubToken, read('token'), read('client_secret'), read('client_id')];
    for (const secret of [...credentials, env.ZOOM_CLIENT_SECRET ?? '', env.ZOOM_CLIENT_ID ?? '']) {
        runner/* setSecret */.Pq(secret.trim());
    }
    if (state.key && (await newerRunOwns(state.key, githubToken, env)))
        return;
    const reading = await readOutcome(githubToken, state, env);
    if (reading.warning)
        runner/* annotate */.fz('warning', reading.warning);
    const elapsed = (0,finalize/* formatElapsed */.C7)(Date.now() - reading.startedAt);
    const data = await (0,src_context/* parseData */._0)(read('data'));
    const context = (0,finalize/* withFinalValues */.Be)((0,src_context/* buildContext */.gC)(env, { status: '', data }), reading.status, elapsed);
    const content = await (0,finalize/* renderFinalContent */.am)(state.finalize, state.preset, context, state.isMarkdown);
    const leak = runner/* findSecret */.mt(content, 'content');
    if (leak)
        throw new Error(`the final message at ${leak} holds a credential; it was not sent`);
    const client = await post_connect(state, env);
    const result = await (0,zoom/* editMessage */.u_)(client, state.messageId, (0,operations/* editBody */.rR)(state, content));
    const tracking = result.trackingId ? ` (Zoom tracking id ${result.trackingId})` : '';
    runner/* info */.pq(`Zoom message ${state.messageId} finalized: ${reading.status || 'finished'} after ${elapsed}${tracking}.`);
}
/**
 * With a key, a newer run may have taken the message over while this job ran (a second push to
 * the pull request): its content stands, as for any older run's write.
 */
async function newerRunOwns(key, token, env) {
    if (!token)
        return false;
    const { findRecords, isOlderRun } = await __webpack_require__.e(/* import() */ 905).then(__webpack_require__.bind(__webpack_require__, 5905));
    const store = {
        client: { apiUrl: githubApiUrl(env), token, timeoutMs: TIMEOUT_MS },
        repository: key.repository,
        issue: key.issue,
    };
    let newest;
    try {
        [newest] = await findRecords(store, key.key);
    }
    catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        runner/* annotate */.fz('warning', `Zoom finalize: could not re-read key '${key.key}' (${message}); finalizing the message anyway.`);
        return false;
    }
    if (!newest || !isOlderRun(key, newest))
        return false;
    runner/* annotate */.fz('notice', `Zoom finalize skipped: key '${key.key}' now belongs to run ${newest.runId} attempt ${newest.runAttempt}, newer than this one (${key.runId} attempt ${key.runAttempt}); its message is left as that run made it.`);
    return true;
}
function githubApiUrl(env) {
    return new URL(env.GITHUB_API_URL || 'https://api.github.com');
}
async function readOutcome(token, state, env) {
    const saved = Date.parse(state.startedAt);
    const fallback = Number.isNaN(saved) ? Date.now() : saved;
    const neutral = (why) => ({
        status: '',
        startedAt: fallback,
        warning: `Zoom finalize: ${why}, so the message says the job finished, without its outcome; the time counts from this action's main step.`,
    });
    if (!token) {
        return neutral("no github_token (and no GITHUB_TOKEN) to read the job's outcome with");
    }
    try {
        const outcome = await readJobOutcome({
            apiUrl: githubApiUrl(env),
            token,
            timeoutMs: TIMEOUT_MS,
        }, {
            repository: env.GITHUB_REPOSITORY ?? '',
            runId: env.GITHUB_RUN_ID ?? '',
            runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
            runnerName: env.RUNNER_NAME ?? '',
            jobId: env.GITHUB_JOB ?? '',
        });
        const started = Date.parse(outcome.job.started_at ?? '');
        return {
            status: outcome.status,
            startedAt: Number.isNaN(started) ? fallback : started,
            warning: undefined,
        };
    }
    catch (error) {
        if (error instanceof errors/* GitHubApiError */.OS && (error.status === 403 || error.status === 404)) {
            return neutral(`GitHub refused to list this run's jobs (HTTP ${error.status}): give the job 'permissions: actions: read'`);
        }
        const message = error instanceof Error ? error.message : String(error);
        return neutral(`the job's outcome could not be read (${message})`);
    }
}
function post_connect(state, env) {
    const auth = (0,inputs/* readAuth */.Hc)((name) => runner/* getInput */.V4(name, env), env, false);
    if (!auth)
        throw new Error("no 'token' or 'client_id' and 'client_secret' in the post step");
    return (0,connect/* connectZoom */.W)({
        auth,
        apiUrl: new URL(state.apiUrl),
        oauthUrl: new URL(state.oauthUrl),
        retries: state.retries ?? 3,
        timeoutMs: state.timeoutMs ?? 30_000,
    });
}


/***/ })

};
