import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '../../shared/new-events.js';
import type { ScimCaller } from '../../shared/request-context.js';
import type { DesiredGroup } from '../group-resource.js';

/** SCIM PUT /Groups/{id} (RFC 7644 §3.5.1): name, attributes and members are replaced. */
export class ReplaceGroupCommand extends Command<WriteResult> {
  constructor(
    readonly caller: ScimCaller,
    readonly groupId: string,
    readonly group: DesiredGroup,
    readonly expectedRevision: number | undefined,
  ) {
    super();
  }
}
