import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '#directory';
import { WrongExpectedRevisionError } from '#event-store';
import { ScimError, toScimErrorBody } from '#scim';
import { scimErrorFromDomain } from './domain-error.mapper.js';
import { RevisionMismatch } from './retry-on-conflict.js';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** Every failure leaves as a SCIM error body (RFC 7644 §3.12), never as a framework default. */
@Catch()
export class ScimExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ScimExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error = this.toScimError(exception);
    if (error.status >= 500)
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    if (error.status === 401) void reply.header('WWW-Authenticate', 'Bearer realm="SCIM"');
    if (error.status === 429 || error.status === 503) void reply.header('Retry-After', '1');
    void reply
      .status(error.status)
      .header('Content-Type', SCIM_CONTENT_TYPE)
      .send(toScimErrorBody(error));
  }

  private toScimError(exception: unknown): ScimError {
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
    if (exception instanceof HttpException) return fromHttpException(exception);
    const fastifyError = fromFastifyError(exception);
    if (fastifyError !== undefined) return fastifyError;
    return new ScimError(
      500,
      'The service failed to handle the request; it was not applied. Retry, and report the time if it persists',
    );
  }
}

function fromHttpException(exception: HttpException): ScimError {
  const status = exception.getStatus();
  if (status === 404)
    return new ScimError(
      404,
      'No such endpoint; SCIM resources live under /scim/v2/{tenant}/Users and /Groups',
    );
  return new ScimError(status, exception.message);
}

/** Fastify rejects some requests before any route runs (body parsing, size, media type). */
function fromFastifyError(exception: unknown): ScimError | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { code, statusCode, message } = exception as {
    code?: unknown;
    statusCode?: unknown;
    message?: unknown;
  };
  if (typeof code !== 'string' || typeof statusCode !== 'number') return undefined;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ScimError(
        413,
        'The request body is larger than this service accepts; send fewer operations or members per request',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ScimError(415, 'Send the body as application/scim+json or application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ScimError(400, 'The request body is empty; send a JSON object', 'invalidSyntax');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ScimError(
        400,
        'The Content-Length header does not match the body',
        'invalidSyntax',
      );
    default:
      if (statusCode === 400 && exception instanceof SyntaxError) {
        return new ScimError(
          400,
          `The request body is not valid JSON: ${String(message)}`,
          'invalidSyntax',
        );
      }
      return statusCode >= 400 && statusCode < 500
        ? new ScimError(statusCode, String(message))
        : undefined;
  }
}
