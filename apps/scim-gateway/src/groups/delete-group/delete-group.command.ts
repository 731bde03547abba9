import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '../../shared/new-events.js';
import type { ScimCaller } from '../../shared/request-context.js';

/** SCIM DELETE /Groups/{id}. */
export class DeleteGroupCommand extends Command<WriteResult> {
  constructor(
    readonly caller: ScimCaller,
    readonly groupId: string,
    readonly expectedRevision: number | undefined,
  ) {
    super();
  }
}
