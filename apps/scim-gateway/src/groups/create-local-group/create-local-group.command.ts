import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '../../shared/new-events.js';
import type { TenantActor } from '../../tenants/tenant.writer.js';

/** An admin creates a local group: one SCIM does not see until a SCIM POST adopts it. */
export class CreateLocalGroupCommand extends Command<WriteResult> {
  constructor(
    readonly actor: TenantActor,
    readonly tenant: string,
    readonly displayName: string,
    readonly memberIds: readonly string[],
  ) {
    super();
  }
}
