import { describe, expect, it } from '@jest/globals';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { withLogContext } from './log-context.js';
import { createLogger, type LogFormat, type LogLevel } from './logger.js';
import { NestPinoLogger } from './nest-pino-logger.js';

function capture(level: LogLevel = 'info', format: LogFormat = 'json') {
  const lines: string[] = [];
  const logger = createLogger({
    service: 'scim-gateway',
    level,
    format,
    destination: { write: (line) => lines.push(line) },
  });
  return { logger, lines, entries: () => lines.map((line) => JSON.parse(line)) };
}

describe('createLogger', () => {
  it('writes one JSON object per line with time, level label, service and msg', () => {
    const { logger, lines, entries } = capture();
    logger.info({ route: '/scim/v2/:tenant/Users' }, 'POST /scim/v2/:tenant/Users 201');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    expect(entries()[0]).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: 'info',
      service: 'scim-gateway',
      route: '/scim/v2/:tenant/Users',
      msg: 'POST /scim/v2/:tenant/Users 201',
    });
  });

  it('leaves out lines below its level', () => {
    const { logger, lines } = capture('warn');
    logger.info('not shown');
    logger.debug('not shown either');
    logger.warn('shown');
    expect(lines).toHaveLength(1);
  });

  it('merges the log context into every line written inside it, awaited work included', async () => {
    const { logger, entries } = capture();
    await withLogContext({ correlationId: 'c-1', tenant: 'acme', requestId: 'r-1' }, async () => {
      logger.info('before');
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.info('after');
    });
    logger.info('outside');
    expect(
      entries().map(({ msg, correlationId, tenant, requestId }) => ({
        msg,
        correlationId,
        tenant,
        requestId,
      })),
    ).toEqual([
      { msg: 'before', correlationId: 'c-1', tenant: 'acme', requestId: 'r-1' },
      { msg: 'after', correlationId: 'c-1', tenant: 'acme', requestId: 'r-1' },
      { msg: 'outside', correlationId: undefined, tenant: undefined, requestId: undefined },
    ]);
  });

  it('never writes secrets, at the top level or nested', () => {
    const { logger, lines, entries } = capture();
    logger.info(
      {
        authorization: 'Bearer s3cret-token',
        password: 'hunter2-password',
        clientSecret: 'client-s3cret',
        token: 'raw-token-value',
        headers: { authorization: 'Bearer nested-token', cookie: 'session=abc123' },
        req: { headers: { cookie: 'session=deep-cookie' } },
      },
      'request',
    );
    for (const secret of [
      's3cret-token',
      'hunter2',
      'client-s3cret',
      'raw-token-value',
      'nested-token',
      'abc123',
      'deep-cookie',
    ])
      expect(lines.join('')).not.toContain(secret);
    expect(entries()[0].headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]' });
  });

  it('writes one readable line per entry in text format', () => {
    const { logger, lines } = capture('info', 'text');
    withLogContext({ correlationId: 'c-9' }, () =>
      logger.warn(
        { context: 'UsersController', status: 409, detail: 'userName taken' },
        'Conflict',
      ),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\S+Z WARN {2}\[UsersController\] Conflict correlationId=c-9 status=409 detail="userName taken"\n$/,
    );
  });
});

describe('NestPinoLogger', () => {
  it('turns Nest Logger calls into JSON lines with their context', () => {
    const { logger, entries } = capture();
    const nest = new NestPinoLogger(logger);
    nest.warn('Token presented for the wrong tenant', 'BearerAuthGuard');
    nest.error('Publishing failed', 'Error: boom\n    at publish (file.js:1:1)', 'ChangePublisher');
    nest.log('plain', 'Standalone');
    expect(
      entries().map(({ level, context, msg, stack }) => ({ level, context, msg, stack })),
    ).toEqual([
      {
        level: 'warn',
        context: 'BearerAuthGuard',
        msg: 'Token presented for the wrong tenant',
        stack: undefined,
      },
      {
        level: 'error',
        context: 'ChangePublisher',
        msg: 'Publishing failed',
        stack: 'Error: boom\n    at publish (file.js:1:1)',
      },
      { level: 'info', context: 'Standalone', msg: 'plain', stack: undefined },
    ]);
  });

  it('receives what `new Logger(context)` logs once Nest uses it', () => {
    const { logger, entries } = capture();
    Logger.overrideLogger(new NestPinoLogger(logger));
    try {
      new Logger('Downstream').error('Consumer stopped');
      withLogContext({ correlationId: 'c-2' }, () => new Logger('UsersController').log('created'));
    } finally {
      Logger.overrideLogger(new ConsoleLogger());
    }
    expect(
      entries().map(({ level, context, msg, correlationId }) => ({
        level,
        context,
        msg,
        correlationId,
      })),
    ).toEqual([
      { level: 'error', context: 'Downstream', msg: 'Consumer stopped', correlationId: undefined },
      { level: 'info', context: 'UsersController', msg: 'created', correlationId: 'c-2' },
    ]);
  });

  it("writes Nest's start-up chatter at debug, so it shows only when debugging", () => {
    const info = capture('info');
    new NestPinoLogger(info.logger).log(
      'Mapped {/scim/v2/:tenant/Users, POST} route',
      'RouterExplorer',
    );
    expect(info.lines).toHaveLength(0);
    const debug = capture('debug');
    new NestPinoLogger(debug.logger).log(
      'Mapped {/scim/v2/:tenant/Users, POST} route',
      'RouterExplorer',
    );
    expect(debug.entries()[0]).toMatchObject({ level: 'debug', context: 'RouterExplorer' });
  });
});
