// The secrets registry itself: the forms it masks, the order it masks them in, where it finds one in
// a rendered message, and which variables it reads credentials from.

import { describe, expect, it } from 'vitest';
import { createSecrets, maskCredentials } from '../src/action/secrets.js';

describe('createSecrets', () => {
  it('masks a secret raw, JSON-escaped and URL-escaped, trimmed, and nothing for an empty one', () => {
    const secrets = createSecrets();
    secrets.add('  a"b/c d  ');
    secrets.add('   ');
    secrets.add(undefined);
    expect(secrets.redact('[a"b/c d] [a\\"b/c d] [a%22b%2Fc%20d] [a"b/c]')).toBe('[***] [***] [***] [a"b/c]');
    expect(secrets.redact('nothing here')).toBe('nothing here');
  });

  it('masks the longer of two secrets whole, whatever order they came in', () => {
    for (const order of [
      ['abc', 'abcdef'],
      ['abcdef', 'abc'],
    ]) {
      const secrets = createSecrets();
      for (const secret of order) secrets.add(secret);
      expect(secrets.redact('xabcdefx abcx')).toBe('x***x ***x');
    }
  });

  it('finds the path of the first text that holds a secret, through lists and mappings', () => {
    const secrets = createSecrets();
    secrets.add('s3cr3t');
    const content = {
      head: { text: 'fine', n: 3, none: null },
      body: [
        { type: 'message', text: 'ok' },
        { type: 'fields', items: [{ key: 'k', value: 'is s3cr3t' }] },
      ],
      settings: { note: 's3cr3t' },
    };
    expect(secrets.find(content, 'content')).toBe('content.body[1].items[0].value');
    expect(secrets.find({ head: { text: 'fine' }, body: [] }, 'content')).toBeUndefined();
    expect(secrets.find(['a', 'x s3cr3t'], 'list')).toBe('list[1]');
    expect(secrets.find(42, 'n')).toBeUndefined();
    expect(secrets.find(null, 'n')).toBeUndefined();
    expect(secrets.find('s3cr3t', 'top')).toBe('top');
    expect(createSecrets().find('s3cr3t', 'top')).toBeUndefined();
  });
});

describe('maskCredentials', () => {
  it.each(['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])(
    'masks the password of a proxy in %s, as written and decoded',
    (name) => {
      const secrets = createSecrets();
      maskCredentials(secrets, { [name]: ' http://user:p%40ss-word@proxy.test:3128 ' });
      expect(secrets.redact('p@ss-word p%40ss-word user proxy.test')).toBe('*** *** user proxy.test');
    },
  );

  it('masks nothing for a proxy without a password, or one that is not a URL', () => {
    const secrets = createSecrets();
    maskCredentials(secrets, { HTTPS_PROXY: 'http://proxy.test:3128', HTTP_PROXY: 'not a url', http_proxy: ' ' });
    expect(secrets.redact('proxy.test not a url')).toBe('proxy.test not a url');
  });

  it('masks app credentials from the environment, and the Basic header made of both', () => {
    const secrets = createSecrets();
    maskCredentials(secrets, { ZOOM_CLIENT_ID: ' env-id ', ZOOM_CLIENT_SECRET: ' env-secret ' });
    const basic = Buffer.from('env-id:env-secret').toString('base64');
    expect(secrets.redact(`env-id env-secret Basic ${basic}`)).toBe('*** *** Basic ***');
  });

  it('masks no Basic header when only one of the two is set', () => {
    const secrets = createSecrets();
    maskCredentials(secrets, { ZOOM_CLIENT_SECRET: 'only-secret' });
    // Base64 of ":only-secret", which a Basic header without an id would be.
    const basic = Buffer.from(':only-secret').toString('base64');
    expect(secrets.redact(`only-secret ${basic}`)).toBe(`*** ${basic}`);
  });
});
