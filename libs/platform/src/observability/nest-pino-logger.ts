import type { LoggerService } from '@nestjs/common';
import type { ServiceLogger } from './logger.js';

type PinoLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's own start-up chatter (modules initialised, every route mapped): useful when debugging
 * a start, noise otherwise, so its `log` lines are written at debug.
 */
const startUpContexts = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/**
 * Nest's `LoggerService` over pino: every `new Logger('Context').warn(...)` in the codebase
 * becomes one JSON line with `context`. Pass it as `logger` to `NestFactory.create` (or to
 * `Logger.overrideLogger` for code that logs before the application exists).
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: ServiceLogger) {}

  log(message: unknown, ...params: unknown[]): void {
    const { context, rest } = contextOf(params);
    this.write(context !== undefined && startUpContexts.has(context) ? 'debug' : 'info', message, {
      context,
      rest,
    });
  }

  /** Nest calls `error(message, stack?, context?)`; an Error may come instead of the message. */
  error(message: unknown, ...params: unknown[]): void {
    const { context, rest } = contextOf(params);
    const [first, ...others] = rest;
    const stack = typeof first === 'string' && first.includes('\n') ? first : undefined;
    this.write('error', message, {
      context,
      rest: stack === undefined ? rest : others,
      stack,
    });
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, contextOf(params));
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, contextOf(params));
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, contextOf(params));
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, contextOf(params));
  }

  private write(
    level: PinoLevel,
    message: unknown,
    extra: { context: string | undefined; rest: readonly unknown[]; stack?: string | undefined },
  ): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    if (extra.context !== undefined) fields.context = extra.context;
    if (extra.stack !== undefined) fields.stack = extra.stack;
    if (extra.rest.length > 0) fields.details = extra.rest;
    if (message instanceof Error) {
      fields.err = message;
      this.logger[level](fields, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...message });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}

/** Nest's `Logger` appends its context as the last parameter. */
function contextOf(params: readonly unknown[]): {
  context: string | undefined;
  rest: readonly unknown[];
} {
  const last = params.at(-1);
  const context = typeof last === 'string' ? last : undefined;
  // Logger('Context').error(message) passes [undefined, 'Context']; a bare undefined says nothing.
  const rest = (context === undefined ? params : params.slice(0, -1)).filter(
    (param) => param !== undefined,
  );
  return { context, rest };
}
