import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DirectoryReadModel } from '#read-model';
import { GATEWAY_OPTIONS, type GatewayOptions, READ_MODEL } from './injection-tokens.js';

/**
 * DESIGN decision 5: before answering a write, wait (bounded) until the read model has applied
 * it, so the IdP's GET or filter right after a POST sees the change and creates no duplicate.
 */
@Injectable()
export class ReadYourWrites {
  private readonly logger = new Logger(ReadYourWrites.name);

  constructor(
    @Inject(READ_MODEL) private readonly readModel: DirectoryReadModel,
    @Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions,
  ) {}

  async wait(position: number): Promise<void> {
    if (position <= 0) return;
    const reached = await this.readModel.waitForPosition(
      position,
      this.options.readYourWritesTimeoutMs,
    );
    if (!reached) {
      this.logger.warn(
        `Read model did not reach position ${position} within ${this.options.readYourWritesTimeoutMs} ms; answering anyway (the write is durable)`,
      );
    }
  }
}
