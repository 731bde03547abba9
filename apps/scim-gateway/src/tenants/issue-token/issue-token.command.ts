import { Command } from '@nestjs/cqrs';
import type { TenantActor } from '../tenant.writer.js';

export interface IssuedToken {
  readonly tokenId: string;
  /** The token in clear: shown to the admin once, never stored. */
  readonly token: string;
  readonly position: number;
}

/** Issues a new random SCIM bearer token for the tenant. */
export class IssueTokenCommand extends Command<IssuedToken> {
  constructor(
    readonly actor: TenantActor,
    readonly tenantId: string,
    readonly label: string,
    /** RFC 3339; undefined for a token that never expires. */
    readonly expiresAt?: string,
  ) {
    super();
  }
}
