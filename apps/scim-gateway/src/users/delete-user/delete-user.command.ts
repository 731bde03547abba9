import { Command } from '@nestjs/cqrs';
import type { ScimCaller } from '../../shared/request-context.js';
import type { WriteResult } from '../../shared/new-events.js';

/** SCIM DELETE /Users/{id}. */
export class DeleteUserCommand extends Command<WriteResult> {
  constructor(
    readonly caller: ScimCaller,
    readonly userId: string,
    readonly expectedRevision: number | undefined,
  ) {
    super();
  }
}
