import { Command } from '@nestjs/cqrs';
import type { ScimCaller } from '../../shared/request-context.js';
import type { WriteResult } from '../../shared/new-events.js';
import type { DesiredUser } from '../user-resource.js';

/** SCIM POST /Users. */
export class ProvisionUserCommand extends Command<WriteResult> {
  constructor(
    readonly caller: ScimCaller,
    readonly user: DesiredUser,
  ) {
    super();
  }
}
