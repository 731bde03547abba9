import { describe, expect, it } from '@jest/globals';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminSessions } from './admin-sessions.js';

const hour = 60 * 60 * 1000;

/** A reply that keeps the Set-Cookie header, and a request that sends a cookie back. */
function exchange() {
  const cookies: string[] = [];
  const reply = {
    header(name: string, value: string) {
      if (name === 'set-cookie') cookies.push(value);
      return reply;
    },
  } as unknown as FastifyReply;
  const requestWith = (setCookie: string) =>
    ({ headers: { cookie: `other=1; ${setCookie.split(';')[0]}` } }) as FastifyRequest;
  return { reply, cookies, requestWith };
}

describe('AdminSessions', () => {
  const ada = { subject: 'org-user-1', email: 'ada@example.org', name: 'Ada' };

  it('finds the session of its cookie for 8 hours, then no more', () => {
    let now = Date.parse('2026-03-01T09:00:00Z');
    const sessions = new AdminSessions(
      { publicUrl: undefined, readYourWritesTimeoutMs: 0 },
      () => now,
    );
    const { reply, cookies, requestWith } = exchange();

    const created = sessions.create(ada, reply);
    expect(created.expiresAt).toBe('2026-03-01T17:00:00.000Z');
    expect(sessions.sessionOf(requestWith(cookies[0]!))).toEqual(created);

    now += 8 * hour;
    expect(sessions.sessionOf(requestWith(cookies[0]!))).toBeUndefined();
  });

  it('marks the cookie Secure only when the service is served over https', () => {
    const plain = exchange();
    new AdminSessions({ publicUrl: undefined, readYourWritesTimeoutMs: 0 }).create(
      ada,
      plain.reply,
    );
    expect(plain.cookies[0]).not.toMatch(/Secure/);

    const tls = exchange();
    new AdminSessions({ publicUrl: 'https://scim.example.com', readYourWritesTimeoutMs: 0 }).create(
      ada,
      tls.reply,
    );
    expect(tls.cookies[0]).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
  });

  it('ends a session and clears its cookie; an unknown cookie finds nothing', () => {
    const sessions = new AdminSessions({ publicUrl: undefined, readYourWritesTimeoutMs: 0 });
    const { reply, cookies, requestWith } = exchange();
    sessions.create(ada, reply);
    const request = requestWith(cookies[0]!);

    sessions.end(request, reply);
    expect(cookies[1]).toMatch(/^scim_admin_session=; Path=\/; Max-Age=0/);
    expect(sessions.sessionOf(request)).toBeUndefined();
    expect(sessions.sessionOf(requestWith('scim_admin_session=made-up'))).toBeUndefined();
  });
});
