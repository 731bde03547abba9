import { Command } from '@nestjs/cqrs';
import type { ScimCaller } from '../../shared/request-context.js';
import type { WriteResult } from '../../shared/new-events.js';

/** SCIM PUT /Users/{id} (RFC 7644 §3.5.1): the body replaces the user's attributes. */
export class ReplaceUserCommand extends Command<WriteResult> {
  constructor(
    readonly caller: ScimCaller,
    readonly userId: string,
    readonly body: unknown,
    readonly expectedRevision: number | undefined,
  ) {
    super();
  }
}
