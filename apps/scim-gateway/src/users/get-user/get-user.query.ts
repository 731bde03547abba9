import { Query } from '@nestjs/cqrs';
import type { ScimCaller } from '../../shared/request-context.js';
import type { ScimUser } from '../user-resource.js';

/** SCIM GET /Users/{id}: the user as the read model holds it, or undefined. */
export class GetUserQuery extends Query<ScimUser | undefined> {
  constructor(
    readonly caller: ScimCaller,
    readonly userId: string,
  ) {
    super();
  }
}
