// Templates cannot read credentials from env: a name is hidden when a part of it (split at _ and -)
// is a credential word, or when it holds one of the long words anywhere, as before.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildContext, isHiddenEnv } from '../src/message/context.js';
import { startZoomSimulator, type ZoomSimulator, zoomInputs } from '../tools/zoom-simulator.ts';
import { runInProcess } from './support/in-process.ts';

describe('isHiddenEnv', () => {
  it.each([
    'DB_PASS',
    'DEPLOY_KEY',
    'GCP_CREDS',
    'GH_PAT',
    'NPM_AUTH',
    'SMTP_PASSWD',
    'MYSQL_PWD',
    'db-password',
    'signing-key',
    'AWS_SECRETS',
    'VAULT_TOKENS',
    'SSH_KEYS',
    'REGISTRY_CRED',
    'GOOGLE_CREDENTIALS',
    'TLS_CERT',
    'CA_CERTS',
    'SESSION_COOKIE',
    'COOKIES_JAR',
    'PRIVATE_REPO_URL',
    'Auth_Header',
    'pass',
  ])('hides %s (a whole part is a credential word)', (name) => {
    expect(isHiddenEnv(name)).toBe(true);
  });

  it.each([
    'GITHUB_TOKEN',
    'API_KEY',
    'STRIPE_APIKEY',
    'NPMTOKEN',
    'MYSECRET',
    'npm_config_//registry.npmjs.org/:_authToken',
    'INPUT_CONTENT',
    'ACTIONS_RUNTIME_URL',
    'STATE_isPost',
    'ZOOM_CLIENT_ID',
  ])('still hides %s, as before', (name) => {
    expect(isHiddenEnv(name)).toBe(true);
  });

  it.each([
    'PATH',
    'GIT_AUTHOR_NAME',
    'KEYBOARD_LAYOUT',
    'PASSENGER_COUNT',
    'PATCH_LEVEL',
    'CERTIFY_MODE',
    'AUTHOR',
    'MONKEY_NAME',
    'DEPLOY_TARGET',
    'ZOOM_TO_JID',
    'HOME',
  ])('shows %s (no whole part is a credential word)', (name) => {
    expect(isHiddenEnv(name)).toBe(false);
  });

  it('buildContext leaves the hidden names out of env', () => {
    const context = buildContext({ DB_PASS: 'hunter2', GH_PAT: 'ghp_x', GIT_AUTHOR_NAME: 'Ana', PATH: '/bin' });
    expect(context.env).toEqual({ GIT_AUTHOR_NAME: 'Ana', PATH: '/bin' });
  });
});

describe('a template that reads a credential from env', () => {
  let zoom: ZoomSimulator;
  beforeAll(async () => {
    zoom = await startZoomSimulator();
  });
  afterAll(async () => {
    await zoom.close();
  });
  beforeEach(() => {
    zoom.reset();
  });

  it('renders it empty: the value never reaches Zoom', async () => {
    const values = {
      DB_PASS: 'db-pass-value',
      DEPLOY_KEY: 'deploy-key-value',
      GCP_CREDS: 'gcp-creds-value',
      GH_PAT: 'gh-pat-value',
      NPM_AUTH: 'npm-auth-value',
    };
    const names = Object.keys(values);
    const result = await runInProcess({
      inputs: {
        ...zoomInputs(zoom),
        content: `${names.map((name) => `[{{ env.${name} }}]`).join('')} by {{ env.GIT_AUTHOR_NAME }}`,
      },
      env: { ...values, GIT_AUTHOR_NAME: 'Ana' },
    });
    expect(result.exitCode).toBe(0);
    const content = [...zoom.messages.values()][0]?.content;
    expect(content).toEqual({ body: [{ type: 'message', text: '[][][][][] by Ana' }] });
    for (const value of Object.values(values)) expect(JSON.stringify(zoom.requests)).not.toContain(value);
  });
});
