import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '../../shared/new-events.js';
import type { ScimCaller } from '../../shared/request-context.js';

/** SCIM PATCH /Groups/{id} (RFC 7644 §3.5.2); membership changes become deltas. */
export class PatchGroupCommand extends Command<WriteResult> {
  constructor(
    readonly caller: ScimCaller,
    readonly groupId: string,
    readonly body: unknown,
    readonly expectedRevision: number | undefined,
  ) {
    super();
  }
}
