import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthFailureLimiter } from '../shared/auth-failure-limiter.js';
import { scimScope } from './oauth-clients.js';
import { oauthPaths } from './oauth-options.js';
import type { OAuthServer } from './oauth-server.js';

/** Most bytes of a token request body; oidc-provider itself stops at 56 KiB. */
const tokenBodyLimit = 56 * 1024;

/**
 * Hands everything under /oauth (except the consent pages, which are Nest routes) to
 * oidc-provider, in its own Fastify scope whose content-type parsers leave the body unread for
 * oidc-provider to parse. Token and revocation requests are rate limited per client IP first.
 */
export function configureOAuthHttp(
  fastify: FastifyInstance,
  oauth: OAuthServer,
  tokenRequests: AuthFailureLimiter,
): void {
  void fastify.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    scope.all(`${oauthPaths.mount}/*`, async (request, reply) => {
      const path = request.url.split('?')[0] ?? '';
      const tokenEndpoint = path === oauthPaths.token || path === oauthPaths.revocation;
      if (tokenEndpoint && tooManyRequests(tokenRequests, request, reply)) return;
      if (!oauth.isRunning) {
        await reply.code(503).header('Retry-After', '1').send({
          error: 'temporarily_unavailable',
          error_description: 'The OAuth server is starting; retry in a moment',
        });
        return;
      }
      if (path === oauthPaths.token && request.method === 'POST') {
        await acceptCredentialsInHeaderAndBody(request.raw);
      }
      reply.hijack();
      const raw = request.raw as IncomingMessage & { originalUrl?: string };
      if (path === oauthPaths.authorization) raw.url = withDefaultScope(raw.url ?? path);
      raw.originalUrl = raw.url;
      raw.url = (raw.url ?? '/').slice(oauthPaths.mount.length) || '/';
      oauth.handle(raw, reply.raw);
    });
  });
}

/**
 * Okta's authorization request names no scope (its docs leave it out), and a grant of nothing
 * would be refused; an authorization request without one asks for the SCIM scope.
 */
function withDefaultScope(url: string): string {
  const [path = '', query = ''] = url.split('?', 2);
  const params = new URLSearchParams(query);
  if ((params.get('scope') ?? '').trim() !== '') return url;
  params.set('scope', scimScope);
  return `${path}?${params.toString()}`;
}

function tooManyRequests(
  limiter: AuthFailureLimiter,
  request: FastifyRequest,
  reply: FastifyReply,
): boolean {
  const retryAfterSeconds = limiter.recordFailure(request.ip, 'oauth-token');
  if (retryAfterSeconds === 0) return false;
  void reply
    .code(429)
    .header('Retry-After', String(retryAfterSeconds))
    .header('Cache-Control', 'no-store')
    .send({
      error: 'temporarily_unavailable',
      error_description: `Too many token requests from this address; retry in ${retryAfterSeconds} s (see Retry-After)`,
    });
  return true;
}

/**
 * Microsoft Entra ID's "Both" setting sends the client credentials in the Authorization header
 * and in the body. RFC 6749 §2.3 allows one method per request, and oidc-provider refuses two;
 * when both carry the same client id and secret, the header is dropped and the request proceeds
 * as client_secret_post. Credentials that differ still reach oidc-provider as sent, and fail.
 * The body is peeked at and put back, so oidc-provider still reads it from the request.
 */
async function acceptCredentialsInHeaderAndBody(raw: IncomingMessage): Promise<void> {
  const basic = /^basic\s+(\S+)$/i.exec(raw.headers.authorization ?? '')?.[1];
  const type = raw.headers['content-type'] ?? '';
  if (basic === undefined || !type.startsWith('application/x-www-form-urlencoded')) return;
  const form = new URLSearchParams((await peekBody(raw)) ?? '');
  const bodySecret = form.get('client_secret');
  if (bodySecret === null) return;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return;
  const headerId = safeDecode(decoded.slice(0, colon));
  const headerSecret = safeDecode(decoded.slice(colon + 1));
  if (headerId === form.get('client_id') && headerSecret === bodySecret) {
    delete raw.headers.authorization;
  }
}

/**
 * Reads a body of known length without ending the stream, then unshifts it back for the next
 * reader. Bodies without Content-Length, or larger than a token request can be, are left alone.
 */
async function peekBody(raw: IncomingMessage): Promise<string | undefined> {
  const length = Number(raw.headers['content-length']);
  if (!Number.isInteger(length) || length <= 0 || length > tokenBodyLimit) return undefined;
  const chunks: Buffer[] = [];
  let received = 0;
  while (received < length) {
    const chunk = raw.read() as Buffer | null;
    if (chunk !== null) {
      chunks.push(chunk);
      received += chunk.length;
      continue;
    }
    if (raw.readableEnded || raw.destroyed) break;
    await Promise.race([once(raw, 'readable'), once(raw, 'close')]);
  }
  const body = Buffer.concat(chunks);
  raw.unshift(body);
  return body.toString('utf8');
}

/** RFC 6749 §2.3.1: the Basic credentials are form-urlencoded before base64. */
function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, '%20'));
  } catch {
    return undefined;
  }
}
