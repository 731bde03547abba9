import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '../../shared/new-events.js';
import type { ScimCaller } from '../../shared/request-context.js';
import type { DesiredGroup } from '../group-resource.js';

/** SCIM POST /Groups. */
export class CreateGroupCommand extends Command<WriteResult> {
  constructor(
    readonly caller: ScimCaller,
    readonly group: DesiredGroup,
  ) {
    super();
  }
}
