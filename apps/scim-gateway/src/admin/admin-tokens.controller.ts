import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { TenantTokenRecord } from '#read-model';
import { ReadYourWrites } from '../shared/read-your-writes.js';
import { ChangeTenantCommand } from '../tenants/change-tenant/change-tenant.command.js';
import { IssueTokenCommand } from '../tenants/issue-token/issue-token.command.js';
import { ListTokensQuery } from '../tenants/list-tokens/list-tokens.query.js';
import type { TenantActor } from '../tenants/tenant.writer.js';
import { Actor } from './admin-actor.decorator.js';
import { AdminApi, AdminRoute, answers, bodies } from './admin-api.docs.js';
import { AdminAuthGuard } from './admin-auth.guard.js';
import { knownTenantId, noSuchTenant } from './known-tenant.js';
import { tokenInput } from './token-input.js';

/**
 * A tenant's static SCIM bearer tokens (Entra "Secret Token", Okta "Header"/"Bearer", PingOne).
 * A token is shown once, when issued; afterwards only its id, label and dates. Writes wait for the
 * read model, and the SCIM guard reads the token row on every request, so the next SCIM request
 * already honours a new or revoked token.
 */
@AdminApi('tokens')
@Controller('admin/tenants/:id/tokens')
@UseGuards(AdminAuthGuard)
export class AdminTokensController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @AdminRoute({
    summary: 'Issue a SCIM bearer token; the token is shown in this answer only',
    body: bodies.issueToken,
    answer: { status: 201, schema: answers.issuedToken },
    errors: [400, 404],
  })
  @Post()
  @HttpCode(201)
  async issue(@Actor() actor: TenantActor, @Param('id') id: string, @Body() body: unknown) {
    const { label, expiresAt } = tokenInput(body, Date.now());
    const issued = await this.commands.execute(
      new IssueTokenCommand(actor, knownTenantId(id), label, expiresAt),
    );
    await this.readYourWrites.wait(issued.position);
    return {
      id: issued.tokenId,
      token: issued.token,
      label,
      ...(expiresAt === undefined ? {} : { expiresAt }),
    };
  }

  @AdminRoute({
    summary: "List the tenant's tokens (never their secrets)",
    answer: { status: 200, schema: answers.tokenList },
    errors: [404],
  })
  @Get()
  async list(@Param('id') id: string) {
    const tokens = await this.queries.execute(new ListTokensQuery(knownTenantId(id)));
    if (tokens === undefined) throw noSuchTenant(id);
    return { tokens: tokens.map(tokenView) };
  }

  /** Revoking a revoked token changes nothing and answers 204 again. */
  @AdminRoute({
    summary: 'Revoke a token, effective from the next SCIM request',
    answer: { status: 204 },
    errors: [404],
  })
  @Delete(':tokenId')
  @HttpCode(204)
  async revoke(
    @Actor() actor: TenantActor,
    @Param('id') id: string,
    @Param('tokenId') tokenId: string,
  ): Promise<void> {
    const position = await this.commands.execute(
      new ChangeTenantCommand(actor, {
        type: 'RevokeBearerToken',
        data: { tenantId: knownTenantId(id), tokenId },
      }),
    );
    await this.readYourWrites.wait(position);
  }
}

function tokenView(token: TenantTokenRecord) {
  return {
    id: token.tokenId,
    label: token.label,
    ...(token.createdAt === undefined ? {} : { createdAt: token.createdAt }),
    ...(token.expiresAt === undefined ? {} : { expiresAt: token.expiresAt }),
    revoked: token.revoked,
  };
}
