import type { FastifyInstance } from 'fastify';

const SCIM_JSON = 'application/scim+json';

/**
 * RFC 7644 §3.1 and §8.1: requests may be `application/scim+json` or `application/json`;
 * responses under /scim are `application/scim+json` whatever the client's Accept said,
 * since IdPs send none, `*\/*` or either of the two.
 */
export function configureScimHttp(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(
    SCIM_JSON,
    { parseAs: 'string' },
    fastify.getDefaultJsonParser('error', 'error'),
  );
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
