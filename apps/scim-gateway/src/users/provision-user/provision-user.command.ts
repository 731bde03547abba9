import { Command } from '@nestjs/cqrs';
import type { ScimCaller } from '../../shared/request-context.js';
import type { WriteResult } from '../../shared/new-events.js';

/** SCIM POST /Users: `body` as the IdP sent it. */
export class ProvisionUserCommand extends Command<WriteResult> {
  constructor(
    readonly caller: ScimCaller,
    readonly body: unknown,
  ) {
    super();
  }
}
