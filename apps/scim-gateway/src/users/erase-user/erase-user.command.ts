import { Command } from '@nestjs/cqrs';
import type { TenantActor } from '../../tenants/tenant.writer.js';

/** What an erasure did, as the admin API answers it. */
export interface ErasureResult {
  readonly tenant: string;
  readonly userId: string;
  readonly erasedAt: string;
  readonly requestReference?: string;
  /** True when the user had been erased before: this call changed nothing. */
  readonly alreadyErased: boolean;
}

/** An admin erases a deleted user's personal data (right to erasure, ADR 0010). */
export class EraseUserCommand extends Command<ErasureResult> {
  constructor(
    readonly actor: TenantActor,
    readonly tenant: string,
    readonly userId: string,
    readonly requestReference: string | undefined,
  ) {
    super();
  }
}
