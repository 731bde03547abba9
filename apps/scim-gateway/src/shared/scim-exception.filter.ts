import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '#directory';
import { WrongExpectedRevisionError } from '#event-store';
import { ScimError, toScimErrorBody } from '#scim';
import { type RequestFacts, scimErrorFromFastify } from '../http/fastify-errors.js';
import { scimErrorFromDomain } from './domain-error.mapper.js';
import { RevisionMismatch } from './retry-on-conflict.js';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/**
 * Every failure leaves as a SCIM error body (RFC 7644 §3.12): the Error schema, `status` as a
 * string and a `detail`, with `application/scim+json`, also for unknown routes and requests Fastify
 * refused before routing; never a framework default or an HTML page.
 */
@Catch()
export class ScimExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ScimExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const error = this.toScimError(exception, factsOf(http.getRequest<FastifyRequest>()));
    if (error.status >= 500)
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    if (error.status === 401) void reply.header('WWW-Authenticate', 'Bearer realm="SCIM"');
    // A handler that knows better (the auth failure limiter) has set Retry-After already.
    if ((error.status === 429 || error.status === 503) && !reply.hasHeader('Retry-After'))
      void reply.header('Retry-After', '1');
    void reply
      .status(error.status)
      .header('Content-Type', SCIM_CONTENT_TYPE)
      .send(toScimErrorBody(error));
  }

  private toScimError(exception: unknown, request: RequestFacts): ScimError {
    if (exception instanceof ScimError) return exception;
    if (exception instanceof DomainError) return scimErrorFromDomain(exception);
    if (exception instanceof RevisionMismatch) {
      return new ScimError(
        412,
        'The resource changed since the ETag in If-Match; GET it again and retry with the new ETag',
      );
    }
    if (exception instanceof WrongExpectedRevisionError) {
      return new ScimError(
        409,
        'The resource is being changed by other requests at the same moment; retry the request',
      );
    }
    if (exception instanceof HttpException) {
      // Nest wraps what Fastify refused before routing (size, media type, JSON) with the cause.
      return (
        scimErrorFromFastify(exception.cause, request) ?? fromHttpException(exception, request)
      );
    }
    return (
      scimErrorFromFastify(exception, request) ??
      new ScimError(
        500,
        'The service failed to handle the request; it was not applied. Retry, and report the time if it persists',
      )
    );
  }
}

function fromHttpException(exception: HttpException, request: RequestFacts): ScimError {
  const status = exception.getStatus();
  if (status === 404) {
    return ScimError.notFound(
      `No endpoint ${request.method} ${request.path}. SCIM lives under /scim/v2/{tenant}/: Users, Groups, ServiceProviderConfig, ResourceTypes and Schemas`,
    );
  }
  return new ScimError(status, exception.message);
}

function factsOf(request: FastifyRequest): RequestFacts {
  const contentType = request.headers['content-type'];
  // An unknown path is echoed in the detail: cut it so a hostile URL cannot bloat the answer.
  const path = request.url.split('?')[0] ?? '';
  return {
    method: request.method,
    path: path.length > 200 ? `${path.slice(0, 200)}…` : path,
    contentType,
    bodyLimit: request.routeOptions.bodyLimit,
  };
}
