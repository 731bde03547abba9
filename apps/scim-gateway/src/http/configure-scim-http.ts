import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';

const SCIM_JSON = 'application/scim+json';
const bodilessMethods = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

/**
 * RFC 7644 §3.1 and §8.1: requests may be `application/scim+json` or `application/json` (with any
 * charset parameter); responses under /scim are `application/scim+json` whatever the client's
 * Accept said, since IdPs send none, `*\/*` or either of the two, and a 406 would fail Entra's
 * Test Connection.
 */
export function configureScimHttp(fastify: FastifyInstance): void {
  // Same parser as application/json, so prototype poisoning is refused for both.
  fastify.addContentTypeParser(
    SCIM_JSON,
    { parseAs: 'string' },
    fastify.getDefaultJsonParser('error', 'error'),
  );
  // No SCIM request is plain text; without this parser such a body is a 415 that says what to send.
  fastify.removeContentTypeParser('text/plain');
  // Some clients put a JSON Content-Type on every request; a GET or DELETE without a body then has
  // nothing to parse, where Fastify would answer 400 for the empty JSON.
  fastify.addHook('onRequest', async (request) => {
    if (bodilessMethods.has(request.method) && !hasBody(request.headers)) {
      delete request.headers['content-type'];
    }
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/scim/')) {
      const type = reply.getHeader('content-type');
      if (typeof type === 'string' && type.startsWith('application/json')) {
        void reply.header('content-type', `${SCIM_JSON}; charset=utf-8`);
      }
    }
    return payload;
  });
}

function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
