import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Get, Logger, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { currentLogContext } from './log-context.js';
import { installHttpObservability } from './http-observability.js';
import { createLogger } from './logger.js';
import { NestPinoLogger } from './nest-pino-logger.js';
import { ServiceMetrics } from './service-metrics.js';

@Controller('scim/v2/:tenant/Users')
class UsersController {
  private readonly logger = new Logger('UsersController');

  @Post()
  async create(@Body() body: { userName: string }) {
    // Awaited work between the request and the log line, as a real handler appends first.
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.logger.log(`created ${body.userName}`);
    return { correlationId: currentLogContext()?.correlationId };
  }

  @Get(':id')
  read(@Param('id') id: string) {
    return { id };
  }
}

@Module({ controllers: [UsersController] })
class TestModule {}

const lines: Record<string, any>[] = [];
const logger = createLogger({
  service: 'test',
  level: 'info',
  destination: { write: (line) => lines.push(JSON.parse(line)) },
});
const metrics = new ServiceMetrics('test', { processMetrics: false });
let app: NestFastifyApplication;
let origin: string;

beforeAll(async () => {
  app = await NestFactory.create<NestFastifyApplication>(TestModule, new FastifyAdapter(), {
    logger: new NestPinoLogger(logger),
  });
  installHttpObservability(app.getHttpAdapter().getInstance(), { logger, metrics });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  origin = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await app.close();
});

const createUser = (headers: Record<string, string> = {}) =>
  fetch(`${origin}/scim/v2/acme/Users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ userName: 'ada@example.com' }),
  });

describe('installHttpObservability', () => {
  it('gives a line logged inside a Nest controller the correlation id of the response header', async () => {
    lines.length = 0;
    const response = await createUser({
      'x-request-id': 'okta-req-7',
      authorization: 'Bearer secret-0123',
    });
    const correlationId = response.headers.get('x-correlation-id');
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({ correlationId });
    const logged = lines.find((line) => line.context === 'UsersController');
    expect(logged).toMatchObject({
      msg: 'created ada@example.com',
      correlationId,
      requestId: 'okta-req-7',
      tenant: 'acme',
    });
  });

  it('writes one access line per request with the route template, never the token', async () => {
    lines.length = 0;
    const response = await createUser({ authorization: 'Bearer secret-0123' });
    const access = lines.filter((line) => line.route !== undefined);
    expect(access).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'POST /scim/v2/:tenant/Users 201',
        method: 'POST',
        route: '/scim/v2/:tenant/Users',
        status: 201,
        tenant: 'acme',
        durationMs: expect.any(Number),
        correlationId: response.headers.get('x-correlation-id'),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-0123');
  });

  it('reuses a sane incoming x-correlation-id and replaces one that could forge log fields', async () => {
    const reused = await createUser({ 'x-correlation-id': 'idp-corr.42' });
    expect(reused.headers.get('x-correlation-id')).toBe('idp-corr.42');
    const replaced = await createUser({ 'x-correlation-id': 'x" level="error' });
    expect(replaced.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the metrics in Prometheus text format, by route template', async () => {
    await fetch(`${origin}/scim/v2/acme/Users/u-1`);
    await fetch(`${origin}/scim/v2/acme/Users/u-2`);
    await fetch(`${origin}/no/such/route`);
    const response = await fetch(`${origin}/metrics`);
    expect(response.headers.get('content-type')).toBe(metrics.contentType);
    const text = await response.text();
    expect(text).toContain(
      'http_requests_total{method="GET",route="/scim/v2/:tenant/Users/:id",status="200",service="test"} 2',
    );
    expect(text).toContain(
      'http_requests_total{method="GET",route="unmatched",status="404",service="test"} 1',
    );
    expect(text).not.toContain('u-1');
    expect(text).toContain(
      'http_request_duration_seconds_count{service="test",method="GET",route="/scim/v2/:tenant/Users/:id",status="200"} 2',
    );
  });
});
