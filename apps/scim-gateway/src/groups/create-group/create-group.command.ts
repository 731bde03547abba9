import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '../../shared/new-events.js';
import type { ScimCaller } from '../../shared/request-context.js';

/** SCIM POST /Groups: `body` as the IdP sent it. */
export class CreateGroupCommand extends Command<WriteResult> {
  constructor(
    readonly caller: ScimCaller,
    readonly body: unknown,
  ) {
    super();
  }
}
