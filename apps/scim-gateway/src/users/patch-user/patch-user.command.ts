import { Command } from '@nestjs/cqrs';
import type { ScimCaller } from '../../shared/request-context.js';
import type { WriteResult } from '../../shared/new-events.js';

/** SCIM PATCH /Users/{id} (RFC 7644 §3.5.2). Atomic: one bad operation rejects all. */
export class PatchUserCommand extends Command<WriteResult> {
  constructor(
    readonly caller: ScimCaller,
    readonly userId: string,
    readonly body: unknown,
    readonly expectedRevision: number | undefined,
  ) {
    super();
  }
}
