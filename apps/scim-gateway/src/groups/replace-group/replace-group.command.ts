import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '../../shared/new-events.js';
import type { ScimCaller } from '../../shared/request-context.js';

/** SCIM PUT /Groups/{id} (RFC 7644 §3.5.1): name, attributes and members are replaced. */
export class ReplaceGroupCommand extends Command<WriteResult> {
  constructor(
    readonly caller: ScimCaller,
    readonly groupId: string,
    readonly body: unknown,
    readonly expectedRevision: number | undefined,
  ) {
    super();
  }
}
