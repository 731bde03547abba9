import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ScimError } from '#scim';
import type { TenantActor } from '../tenants/tenant.writer.js';
import { EraseUserCommand, type ErasureResult } from '../users/erase-user/erase-user.command.js';
import { Actor } from './admin-actor.decorator.js';
import { AdminApi, AdminRoute, answers, bodies } from './admin-api.docs.js';
import { AdminAuthGuard } from './admin-auth.guard.js';
import { type JsonBody, objectBody, optionalString } from './admin-body.js';
import { requireTenant } from './known-tenant.js';

const erasureExample = '{"requestReference": "DSR-2041"}';
const MAX_REFERENCE_LENGTH = 200;

/** A tenant's users as the data protection officer handles them. */
@AdminApi('users')
@Controller('admin/tenants/:id/users')
@UseGuards(AdminAuthGuard)
export class AdminUsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @AdminRoute({
    summary: "Erase a deleted user's personal data (right to erasure)",
    description:
      'The user must be deleted first (in the IdP, or with SCIM DELETE). Its key is destroyed: its userName, attributes and password hash become unreadable everywhere in the history, which stays complete and verifiable. Downstream services are told with scim.user.erased.v1. Asking again answers the first erasure.',
    body: bodies.erasure,
    answer: { status: 200, schema: answers.erasure },
    errors: [400, 404, 409],
  })
  @Post(':userId/erasure')
  @HttpCode(200)
  async erase(
    @Actor() actor: TenantActor,
    @Param('id') id: string,
    @Param('userId') userId: string,
    @Body() body: unknown,
  ): Promise<ErasureResult> {
    const requestReference = referenceOf(
      body === undefined || body === null ? {} : objectBody(body, erasureExample),
    );
    await requireTenant(this.queries, id);
    return this.commands.execute(new EraseUserCommand(actor, id, userId, requestReference));
  }
}

/** The admin's reference of the request, kept with the erasure: a ticket id, not a name. */
function referenceOf(input: JsonBody): string | undefined {
  const reference = optionalString(input, 'requestReference');
  if (reference === undefined) return undefined;
  if (reference.trim() === '' || reference.length > MAX_REFERENCE_LENGTH) {
    throw new ScimError(
      400,
      `"requestReference" must be 1 to ${MAX_REFERENCE_LENGTH} characters when given, e.g. ${erasureExample}`,
      'invalidValue',
    );
  }
  // The reference outlives the erasure in the history: an address in it would undo the erasure.
  if (reference.includes('@')) {
    throw new ScimError(
      400,
      `"requestReference" must not hold an email address: it stays in the history after the erasure. Give your ticket's id, e.g. ${erasureExample}`,
      'invalidValue',
    );
  }
  return reference;
}
