import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An RFC 9457 problem details object, with the members every answer of ours carries. */
export interface ProblemDetails {
  readonly type: 'about:blank';
  readonly title: string;
  readonly status: number;
  readonly detail: string;
}

const internalErrorDetail =
  'The service failed to handle the request. Retry, and report the time if it persists';

/**
 * Answers every failure of the controllers it is bound to as `application/problem+json`
 * (RFC 9457): an HttpException keeps its status and its message becomes the `detail`, so throw
 * them with a message that tells the caller what to fix; anything else is a 500 with a generic
 * detail, so internals never reach the caller. Every 5xx is logged.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetailsFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem = problemOf(exception);
    if (problem.status >= 500)
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    // RFC 9110 §15.5.2: a 401 names the scheme the client should use.
    if (problem.status === 401) void reply.header('WWW-Authenticate', 'Bearer');
    void reply.status(problem.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(problem);
  }
}

/** The problem details a failure is answered with. */
export function problemOf(exception: unknown): ProblemDetails {
  if (!(exception instanceof HttpException)) return problem(500, internalErrorDetail);
  return problem(exception.getStatus(), detailOf(exception));
}

function problem(status: number, detail: string): ProblemDetails {
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail };
}

/** Nest keeps the message in `response.message`, a list of them for validation pipes. */
function detailOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const { detail, message } = response as { detail?: unknown; message?: unknown };
  if (typeof detail === 'string') return detail;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return exception.message;
}
