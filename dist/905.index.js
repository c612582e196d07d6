export const id = 905;
export const ids = [905];
export const modules = {

/***/ 5905:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  claimKey: () => (/* binding */ claimKey),
  findRecords: () => (/* reexport */ findRecords),
  forgetKey: () => (/* binding */ forgetKey),
  isOlder: () => (/* binding */ isOlder),
  isOlderRun: () => (/* reexport */ isOlderRun),
  openKey: () => (/* binding */ openKey),
  recordKey: () => (/* binding */ recordKey),
  resolveKey: () => (/* reexport */ resolveKey)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/github.ts
var github = __webpack_require__(9248);
// EXTERNAL MODULE: ./src/render.ts + 1 modules
var render = __webpack_require__(688);
;// CONCATENATED MODULE: ./src/key-store.ts
// `key`: the message id kept across workflows in a hidden marker inside one comment on the pull
// request or issue the event is about. GitHub keeps it as long as the thread exists, the built-in
// token can write it (pull-requests: write or issues: write), and no other service is involved.



// The marker opens the comment: a marker quoted further down (a bot echoing a PR body) is not one.
const MARKER = /^<!-- zoom-chatbot-action (\{.*?\}) -->/;
// Anyone can comment on a public pull request, so a marker counts only when the comment's author
// could change the workflow anyway (write access) or is the built-in token (github-actions[bot]).
// Not any bot: other bots quote what users write. Otherwise a stranger could aim the next edit or
// delete at another message, or claim a far-future run to freeze the message.
const TRUSTED_ASSOCIATIONS = ['OWNER', 'MEMBER', 'COLLABORATOR'];
const BUILT_IN_TOKEN_LOGIN = 'github-actions[bot]';
/**
 * Renders the key template and finds the thread that keeps it; InputError when the key renders
 * empty or the event is not about a pull request or issue. Rendered raw: the key never reaches Zoom.
 */
async function resolveKey(template, context) {
    const key = (await (0,render/* renderText */.S5)(template, context, 'key')).trim();
    if (!key) {
        throw new errors/* InputError */.dz(`Input 'key' ('${template}') renders empty. Expected a name for the message, such as pr-{{ github.event.pull_request.number }}.`);
    }
    const issue = issueNumberOf(context.github.event);
    if (issue === undefined) {
        throw new errors/* InputError */.dz(`Input 'key' needs an event about a pull request or an issue (its record is kept in a comment there); this run's event is '${context.github.event_name || 'unknown'}'.`);
    }
    return { key, repository: context.github.repository, issue };
}
/** The pull request or issue number of the event, if it is about one. */
function issueNumberOf(event) {
    for (const holder of [event.pull_request, event.issue]) {
        if ((0,github/* isRecord */.u4)(holder) && typeof holder.number === 'number')
            return holder.number;
    }
    return typeof event.number === 'number' ? event.number : undefined;
}
/** True when `run` is older than the run that last wrote the record: it must not overwrite it. */
function isOlderRun(run, record) {
    if (run.runId !== record.runId)
        return run.runId < record.runId;
    return run.runAttempt < record.runAttempt;
}
/** The comment body that holds a record. */
function commentBody(record) {
    const json = JSON.stringify({
        key: record.key,
        message_id: record.messageId,
        run_id: record.runId,
        run_attempt: record.runAttempt,
    })
        // No '<' or '>' inside, so nothing in a key can end the HTML comment early.
        .replace(/</g, '\\u003c')
        .replace(/>/g, '\\u003e');
    return `<!-- zoom-chatbot-action ${json} -->\nThis comment keeps the id of a Zoom chat message that a workflow updates (key \`${record.key.replace(/[`<>]/g, '')}\`). Deleting it makes the next run post a new message.`;
}
/** The record a comment body holds, if any. */
function parseRecord(body) {
    const json = MARKER.exec(body)?.[1];
    if (!json)
        return undefined;
    try {
        const value = JSON.parse(json);
        if (!(0,github/* isRecord */.u4)(value))
            return undefined;
        const { key, message_id, run_id, run_attempt } = value;
        // An empty message_id is a claim: a run took the key and has not posted yet.
        if (typeof key !== 'string' || typeof message_id !== 'string')
            return undefined;
        if (typeof run_id !== 'number' || typeof run_attempt !== 'number')
            return undefined;
        return { key, messageId: message_id, runId: run_id, runAttempt: run_attempt };
    }
    catch {
        return undefined;
    }
}
/**
 * The records kept under `key`, newest run first. Normally one; two runs racing on a new key may
 * each have created one (the newest wins, and the next write or delete tidies up).
 */
async function findRecords(store, key) {
    const comments = await (0,github/* githubList */.AG)(store.client, `/repos/${store.repository}/issues/${store.issue}/comments`, (page) => (Array.isArray(page) ? page.filter(github/* isRecord */.u4) : []));
    const found = [];
    for (const comment of comments) {
        if (typeof comment.body !== 'string' || typeof comment.id !== 'number')
            continue;
        if (!isTrusted(comment))
            continue;
        const record = parseRecord(comment.body);
        if (record?.key === key)
            found.push({ ...record, commentId: comment.id });
    }
    return found.sort((a, b) => (isOlderRun(a, b) ? 1 : isOlderRun(b, a) ? -1 : 0));
}
function isTrusted(comment) {
    const user = (0,github/* isRecord */.u4)(comment.user) ? comment.user : {};
    if (user.type === 'Bot' && user.login === BUILT_IN_TOKEN_LOGIN)
        return true;
    return (typeof comment.author_association === 'string' &&
        TRUSTED_ASSOCIATIONS.includes(comment.author_association));
}
/**
 * Writes the record: into the newest existing comment, else into a new one; removes extra copies.
 * Returns the record as stored now.
 */
async function writeRecord(store, record, existing) {
    const [newest, ...extra] = existing;
    const body = { body: commentBody(record) };
    let commentId;
    if (newest) {
        await (0,github/* githubCall */.Mc)(store.client, 'PATCH', `/repos/${store.repository}/issues/comments/${newest.commentId}`, body);
        commentId = newest.commentId;
    }
    else {
        const created = await (0,github/* githubCall */.Mc)(store.client, 'POST', `/repos/${store.repository}/issues/${store.issue}/comments`, body);
        const id = (0,github/* isRecord */.u4)(created.json) ? created.json.id : undefined;
        if (typeof id !== 'number')
            throw new Error('GitHub created the key comment but sent no id');
        commentId = id;
    }
    await forgetRecords(store, extra);
    return { ...record, commentId };
}
/** Deletes the comments holding these records. */
async function forgetRecords(store, records) {
    for (const record of records) {
        await (0,github/* githubCall */.Mc)(store.client, 'DELETE', `/repos/${store.repository}/issues/comments/${record.commentId}`);
    }
}

// EXTERNAL MODULE: ./src/runner.ts + 1 modules
var runner = __webpack_require__(8186);
;// CONCATENATED MODULE: ./src/keyed.ts
// One run's work on a keyed message's record: read it, claim it for this run, record the id the
// run ended with, or forget it. Loaded (with the GitHub client) only when a step uses `key`.



// The one entry to the key's code for main and post, so its modules land in one chunk of dist/.

/** Reads the key's records; InputError without a token. */
async function openKey(target, githubToken, timeoutMs, env) {
    if (!githubToken) {
        throw new errors/* InputError */.dz("Input 'github_token' is required with 'key' (its record is kept in a pull request or issue comment): pass ${{ github.token }} or set GITHUB_TOKEN, with permission pull-requests: write or issues: write.");
    }
    const store = {
        client: {
            apiUrl: new URL(env.GITHUB_API_URL || 'https://api.github.com'),
            token: githubToken,
            timeoutMs,
        },
        repository: target.repository,
        issue: target.issue,
    };
    const records = await withPermissionHint(findRecords(store, target.key), 'read');
    const run = {
        runId: Number(env.GITHUB_RUN_ID) || 0,
        runAttempt: Number(env.GITHUB_RUN_ATTEMPT) || 1,
    };
    return { target, store, records, run };
}
/** True when `record` was written by a newer run than this one: this run must leave it. */
function isOlder(keyed, record) {
    return isOlderRun(keyed.run, record);
}
/** Writes the record with this run's ids before Zoom is called; the open key now holds it. */
async function claimKey(keyed, messageId) {
    const record = { key: keyed.target.key, messageId, ...keyed.run };
    const stored = await withPermissionHint(writeRecord(keyed.store, record, keyed.records), 'write');
    return { ...keyed, records: [stored] };
}
/** Records the message the run ended with. */
async function recordKey(keyed, messageId) {
    const record = { key: keyed.target.key, messageId, ...keyed.run };
    await withPermissionHint(writeRecord(keyed.store, record, keyed.records), 'write');
    runner/* info */.pq(`Key '${keyed.target.key}' now names Zoom message ${messageId} (on #${keyed.target.issue}).`);
}
/** Removes the key's records. */
async function forgetKey(keyed) {
    await withPermissionHint(forgetRecords(keyed.store, keyed.records), 'write');
    runner/* info */.pq(`Key '${keyed.target.key}' forgotten (on #${keyed.target.issue}).`);
}
// GitHub answers 403 or 404 when the token lacks the permission: say which one to add.
async function withPermissionHint(call, access) {
    try {
        return await call;
    }
    catch (error) {
        if (error instanceof errors/* GitHubApiError */.OS && (error.status === 403 || error.status === 404)) {
            const permission = access === 'read'
                ? 'pull-requests: read or issues: read'
                : 'pull-requests: write or issues: write';
            throw new errors/* GitHubApiError */.OS(`${error.message}. The key's record is a comment on the pull request or issue: give the job 'permissions: ${permission}' (the token is github_token).`, error.status);
        }
        throw error;
    }
}


/***/ })

};
