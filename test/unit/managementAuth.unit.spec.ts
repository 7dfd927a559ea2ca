import { describe, expect, it } from 'vitest';
import { managementKey, signRequest, verifyRequest } from '../../local/sockets/managementAuth';

const secret = new TextEncoder().encode('shared');
const request = { method: 'POST', path: '/@connections/abc', body: new TextEncoder().encode('{"type":"view"}') };

describe('signed management requests', () => {
  it('verify under the key of the same secret, and only for the request signed', () => {
    const key = managementKey(secret);
    const now = 1_800_000_000_000;
    const header = signRequest(key, request, now);
    expect(verifyRequest(managementKey(secret), header, request, now + 1_000)).toBe(true);
    expect(verifyRequest(managementKey(new TextEncoder().encode('other')), header, request, now)).toBe(false);
    expect(verifyRequest(key, header, { ...request, path: '/@connections/abd' }, now)).toBe(false);
    expect(verifyRequest(key, header, { ...request, method: 'DELETE' }, now)).toBe(false);
    expect(verifyRequest(key, header, { ...request, body: new TextEncoder().encode('{"type":"vieW"}') }, now)).toBe(
      false,
    );
  });

  it('expire after five minutes, and refuse what is no signature', () => {
    const key = managementKey(secret);
    const now = 1_800_000_000_000;
    const header = signRequest(key, request, now);
    expect(verifyRequest(key, header, request, now + 299_000)).toBe(true);
    expect(verifyRequest(key, header, request, now + 301_000)).toBe(false);
    expect(verifyRequest(key, header, request, now - 301_000)).toBe(false);
    for (const bad of [undefined, '', 't=1,v=zz', `t=x,v=${'0'.repeat(64)}`, header.replace('t=', 't=1')]) {
      expect(verifyRequest(key, bad, request, now)).toBe(false);
    }
  });

  it('give a runtime without a secret a key of its own', () => {
    expect(managementKey().equals(managementKey())).toBe(false);
  });
});
