import { Body, Controller, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { ScimError } from '#scim';
import { CreateLocalGroupCommand } from '../groups/create-local-group/create-local-group.command.js';
import {
  GetTenantGroupQuery,
  ListTenantGroupsQuery,
} from '../groups/list-tenant-groups/list-tenant-groups.query.js';
import { ReadYourWrites } from '../shared/read-your-writes.js';
import type { TenantActor } from '../tenants/tenant.writer.js';
import { Actor } from './admin-actor.decorator.js';
import { AdminApi, AdminRoute, answers, bodies } from './admin-api.docs.js';
import { AdminAuthGuard } from './admin-auth.guard.js';
import { requireTenant } from './known-tenant.js';
import { objectBody, requiredString, type JsonBody } from './admin-body.js';

const localGroupExample = '{"displayName": "Sales", "members": ["<user id>"]}';

/**
 * A tenant's groups as the application sees them. Local groups are made here, not by the IdP:
 * SCIM does not see them until a SCIM POST /Groups of the same name adopts one, under the
 * tenant's `adoptExisting` group matching policy.
 */
@AdminApi('groups')
@Controller('admin/tenants/:id/groups')
@UseGuards(AdminAuthGuard)
export class AdminGroupsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @AdminRoute({
    summary: 'Create a local group (invisible to SCIM until adopted)',
    description:
      'displayName is unique among the tenant\'s local groups (ignoring case), apart from the SCIM groups. Under the group matching policy "adoptExisting", a SCIM POST /Groups of the same name takes the group over with its members.',
    body: bodies.localGroup,
    answer: { status: 201, schema: answers.localGroup },
    errors: [400, 404, 409],
  })
  @Post()
  @HttpCode(201)
  async create(
    @Actor() actor: TenantActor,
    @Param('id') id: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const input = objectBody(body, localGroupExample);
    const displayName = requiredString(input, 'displayName', localGroupExample);
    const members = memberIdsOf(input);
    await requireTenant(this.queries, id);
    const result = await this.commands.execute(
      new CreateLocalGroupCommand(actor, id, displayName, members),
    );
    await this.readYourWrites.wait(result.position);
    void reply.header('Location', `/admin/tenants/${id}/groups/${result.id}`);
    return { id: result.id, displayName, members: [...new Set(members)], managedBy: 'local' };
  }

  @AdminRoute({
    summary: "The tenant's groups, local and SCIM, by displayName",
    answer: { status: 200, schema: answers.groupList },
    errors: [404],
  })
  @Get()
  async list(@Param('id') id: string) {
    await requireTenant(this.queries, id);
    return { groups: await this.queries.execute(new ListTenantGroupsQuery(id)) };
  }

  @AdminRoute({
    summary: 'One group, local or SCIM, with its member ids',
    answer: { status: 200, schema: answers.localGroup },
    errors: [404],
  })
  @Get(':groupId')
  async get(@Param('id') id: string, @Param('groupId') groupId: string) {
    await requireTenant(this.queries, id);
    const group = await this.queries.execute(new GetTenantGroupQuery(id, groupId));
    if (group === undefined) {
      throw new ScimError(404, `Tenant "${id}" has no group with id ${groupId}`);
    }
    const { memberCount: _count, ...shown } = group;
    return shown;
  }
}

/** `members` is optional: a list of user ids. */
function memberIdsOf(input: JsonBody): string[] {
  const members = input['members'];
  if (members === undefined || members === null) return [];
  if (!Array.isArray(members) || !members.every((member) => typeof member === 'string')) {
    throw new ScimError(
      400,
      `"members" must be a list of user ids when given, e.g. ${localGroupExample}`,
      'invalidValue',
    );
  }
  return members;
}
