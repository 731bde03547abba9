import { Command } from '@nestjs/cqrs';
import type { TenantCommand } from '#directory';
import type { TenantActor } from '../tenant.writer.js';

/**
 * Any change of a tenant that needs nothing but its own decider: registering it, choosing its
 * preset, registering or removing an extension schema, switching provisioning, choosing the
 * deletion policy. Answers the global position of the write
 * (0 when nothing changed), for read-your-writes.
 */
export class ChangeTenantCommand extends Command<number> {
  constructor(
    readonly actor: TenantActor,
    readonly change: TenantCommand,
  ) {
    super();
  }
}
