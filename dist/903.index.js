export const id = 903;
export const ids = [903];
export const modules = {

/***/ 8903:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   closeProxy: () => (/* binding */ closeProxy),
/* harmony export */   proxiedRequest: () => (/* binding */ proxiedRequest)
/* harmony export */ });
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6752);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7066);
// Requests through the proxy that HTTPS_PROXY / HTTP_PROXY name, skipping hosts in NO_PROXY, with
// undici's EnvHttpProxyAgent (it tunnels with CONNECT). Imported only when a proxy is set: undici
// costs a runner without a proxy start-up time for nothing.


let agent;
/** Sends one request through the environment's proxy; throws ZoomRequestError when no answer comes. */
async function proxiedRequest(req) {
    agent ??= createAgent();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new Error(`no answer within ${req.timeoutMs / 1000} s`));
    }, req.timeoutMs);
    try {
        const response = await (0,undici__WEBPACK_IMPORTED_MODULE_0__/* .request */ .Em)(req.url, {
            method: req.method,
            headers: req.headers,
            body: req.body,
            dispatcher: agent,
            signal: controller.signal,
        });
        const text = await response.body.text();
        return { status: response.statusCode, headers: response.headers, text };
    }
    catch (error) {
        const cause = error instanceof Error ? error : new Error(String(error));
        const sent = !timedOut && notSent(cause) ? false : true;
        throw (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .noAnswer */ .qE)(req, describe(cause), { connected: sent, written: sent, timedOut });
    }
    finally {
        clearTimeout(timer);
    }
}
/** Closes the proxy's connections, so the process can exit without waiting for keep-alive. */
async function closeProxy() {
    const current = agent;
    agent = undefined;
    await current?.close();
}
function createAgent() {
    // undici 6 prints "EnvHttpProxyAgent is experimental" on stderr when it is first built: noise in
    // every proxied step's log for an API that undici 7 keeps as it is. Drop that one warning.
    const emitWarning = process.emitWarning;
    process.emitWarning = ((warning, ...rest) => {
        const code = rest[0]?.code;
        if (code === 'UNDICI-EHPA')
            return;
        emitWarning.call(process, warning, ...rest);
    });
    try {
        return new undici__WEBPACK_IMPORTED_MODULE_0__/* .EnvHttpProxyAgent */ .J2();
    }
    finally {
        process.emitWarning = emitWarning;
    }
}
// The proxy could not be reached, or it refused to open the tunnel: nothing reached Zoom.
function notSent(error) {
    const code = error.code ?? '';
    return (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'UND_ERR_CONNECT_TIMEOUT'].includes(code) || /when HTTP Tunneling/.test(error.message));
}
function describe(error) {
    const tunnel = /Proxy response \((\d+)\)/.exec(error.message);
    if (tunnel) {
        return new Error(`the proxy refused to open a tunnel to Zoom: HTTP ${tunnel[1]}; check HTTPS_PROXY, its credentials and NO_PROXY`);
    }
    return error;
}


/***/ })

};
