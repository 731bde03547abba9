import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Readiness } from './readiness.js';

@Controller('health')
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  @Get('live')
  live() {
    return { status: 'up' };
  }

  @Get('ready')
  ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const { ready, reason } = this.readiness.status();
    if (!ready) void reply.status(503);
    return ready ? { status: 'ready' } : { status: 'not ready', reason };
  }
}
