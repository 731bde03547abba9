import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  BadRequestException,
  Catch,
  Controller,
  type ExceptionFilter,
  Get,
  HttpException,
  Logger,
  Module,
  ServiceUnavailableException,
  UseFilters,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { ProblemDetailsFilter } from './problem-details.filter.js';

@Controller('probe')
@UseFilters(ProblemDetailsFilter)
class ProbeController {
  @Get('bad')
  bad() {
    throw new BadRequestException('limit must be an integer from 1 to 1000');
  }

  @Get('busy')
  busy() {
    throw new ServiceUnavailableException('The store is being migrated; retry in a minute');
  }

  @Get('teapot')
  teapot() {
    throw new HttpException({ detail: 'Brew coffee elsewhere' }, 418);
  }

  @Get('crash')
  crash() {
    throw new Error('database file is locked at /var/lib/secret.sqlite');
  }
}

/** Stands in for the standalone app's global SCIM filter, which the controller's filter beats. */
@Catch()
class GlobalFilter implements ExceptionFilter {
  catch(): void {
    throw new Error('the global filter must not handle these');
  }
}

@Module({
  controllers: [ProbeController],
  providers: [{ provide: APP_FILTER, useClass: GlobalFilter }],
})
class ProbeModule {}

describe('ProblemDetailsFilter', () => {
  let app: NestFastifyApplication;
  const get = (path: string) => app.inject({ method: 'GET', url: `/probe/${path}` });

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
      logger: false,
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  it('answers an HttpException as RFC 9457 problem details with its status and message', async () => {
    const response = await get('bad');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'limit must be an integer from 1 to 1000',
    });
    expect((await get('busy')).json()).toMatchObject({
      status: 503,
      detail: 'The store is being migrated; retry in a minute',
    });
    expect((await get('teapot')).json()).toMatchObject({
      status: 418,
      detail: 'Brew coffee elsewhere',
    });
  });

  it('answers any other failure with a generic 500 and logs it', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const response = await get('crash');
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: expect.stringMatching(/^The service failed to handle the request/),
    });
    expect(response.body).not.toContain('secret.sqlite');
    expect(String(logged.mock.calls[0]?.[0])).toContain('database file is locked');
    logged.mockRestore();
  });
});
