import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { ScimError } from '#scim';
import { BearerAuthGuard } from '../shared/bearer-auth.guard.js';
import { etagOf, expectedRevisionFromIfMatch, notModified } from '../shared/etag.js';
import {
  listRequestFrom,
  listResponse,
  project,
  projectionFrom,
  returns,
} from '../shared/list-query.js';
import type { WriteResult } from '../shared/new-events.js';
import { ReadYourWrites } from '../shared/read-your-writes.js';
import type { ScimCaller } from '../shared/request-context.js';
import { Caller } from '../shared/scim-caller.decorator.js';
import { CreateGroupCommand } from './create-group/create-group.command.js';
import { DeleteGroupCommand } from './delete-group/delete-group.command.js';
import { GetGroupQuery } from './get-group/get-group.query.js';
import { desiredGroupFromScim, type ScimGroup } from './group-resource.js';
import { ListGroupsQuery } from './list-groups/list-groups.query.js';
import { PatchGroupCommand } from './patch-group/patch-group.command.js';
import { ReplaceGroupCommand } from './replace-group/replace-group.command.js';

type QueryString = Record<string, string | string[] | undefined>;

@Controller('scim/v2/:tenant/Groups')
@UseGuards(BearerAuthGuard)
export class GroupsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Post()
  @HttpCode(201)
  async create(
    @Caller() caller: ScimCaller,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.commands.execute(
      new CreateGroupCommand(caller, desiredGroupFromScim(body)),
    );
    const group = await this.answer(caller, result, reply, true);
    void reply.header('Location', group.meta.location);
    return group;
  }

  @Get()
  async list(@Caller() caller: ScimCaller, @Query() query: QueryString) {
    const { params, query: listQuery } = listRequestFrom(query, 'Group');
    const { totalResults, resources } = await this.queries.execute(
      new ListGroupsQuery(caller, listQuery, returns(params, 'members')),
    );
    return listResponse(resources, totalResults, params, 'Group');
  }

  @Get(':id')
  async get(
    @Caller() caller: ScimCaller,
    @Param('id') id: string,
    @Query() query: QueryString,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const projection = projectionFrom(query, 'Group');
    const group = await this.queries.execute(
      new GetGroupQuery(caller, id, returns(projection, 'members')),
    );
    if (group === undefined) throw new ScimError(404, `No group with id ${id} in this tenant`);
    return notModified(reply, group, ifNoneMatch) ? undefined : project(group, projection, 'Group');
  }

  @Put(':id')
  async replace(
    @Caller() caller: ScimCaller,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.commands.execute(
      new ReplaceGroupCommand(
        caller,
        id,
        desiredGroupFromScim(body),
        expectedRevisionFromIfMatch(ifMatch),
      ),
    );
    return this.answer(caller, result, reply, true);
  }

  /** 204 without a body: Entra expects it and no IdP needs the member list back (idp-behavior.md). */
  @Patch(':id')
  @HttpCode(204)
  async patch(
    @Caller() caller: ScimCaller,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const result = await this.commands.execute(
      new PatchGroupCommand(caller, id, body, expectedRevisionFromIfMatch(ifMatch)),
    );
    await this.readYourWrites.wait(result.position);
    void reply.header('ETag', etagOf(result.revision));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(
    @Caller() caller: ScimCaller,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    const result = await this.commands.execute(
      new DeleteGroupCommand(caller, id, expectedRevisionFromIfMatch(ifMatch)),
    );
    await this.readYourWrites.wait(result.position);
  }

  private async answer(
    caller: ScimCaller,
    result: WriteResult,
    reply: FastifyReply,
    withMembers: boolean,
  ): Promise<ScimGroup> {
    await this.readYourWrites.wait(result.position);
    const group = await this.queries.execute(new GetGroupQuery(caller, result.id, withMembers));
    if (group === undefined)
      throw new ScimError(
        503,
        'The change is saved but not yet readable; GET the resource again in a moment',
      );
    void reply.header('ETag', group.meta.version);
    return group;
  }
}
