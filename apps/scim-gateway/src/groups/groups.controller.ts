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
import { type JsonObject, type ListParams, ScimError } from '#scim';
import { asOfFrom, describePoint } from '../shared/as-of.js';
import { BearerAuthGuard } from '../shared/bearer-auth.guard.js';
import { etagOf, expectedRevisionFromIfMatch, notModified } from '../shared/etag.js';
import {
  listRequestFrom,
  listResponse,
  project,
  projectionFrom,
  memberRendering,
} from '../shared/list-query.js';
import type { WriteResult } from '../shared/new-events.js';
import { ReadYourWrites } from '../shared/read-your-writes.js';
import type { ScimCaller } from '../shared/request-context.js';
import { Caller } from '../shared/scim-caller.decorator.js';
import { CreateGroupCommand } from './create-group/create-group.command.js';
import { DeleteGroupCommand } from './delete-group/delete-group.command.js';
import { GetGroupAsOfQuery } from './get-group/get-group-as-of.handler.js';
import { GetGroupQuery } from './get-group/get-group.query.js';
import type { ScimGroup } from './group-resource.js';
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
    @Query() query: QueryString,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const projection = projectionFrom(query, 'Group', caller.profile.schemas);
    const result = await this.commands.execute(new CreateGroupCommand(caller, body));
    const group = await this.written(caller, result, reply, projection);
    // RFC 7644 §3.3: 201 with the resource and its location.
    void reply.header('Location', group.meta.location);
    return project(group, projection, 'Group', caller.profile.schemas);
  }

  @Get()
  async list(@Caller() caller: ScimCaller, @Query() query: QueryString) {
    const { params, query: listQuery } = listRequestFrom(query, 'Group', caller.profile.schemas);
    const { totalResults, resources } = await this.queries.execute(
      new ListGroupsQuery(caller, listQuery, memberRendering(params, caller.profile.schemas)),
    );
    return listResponse(resources, totalResults, params, 'Group', caller.profile.schemas);
  }

  @Get(':id')
  async get(
    @Caller() caller: ScimCaller,
    @Param('id') id: string,
    @Query() query: QueryString,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const projection = projectionFrom(query, 'Group', caller.profile.schemas);
    const members = memberRendering(projection, caller.profile.schemas);
    const asOf = asOfFrom(query);
    if (asOf !== undefined) {
      const then = await this.queries.execute(new GetGroupAsOfQuery(caller, id, asOf, members));
      if (then === undefined)
        throw new ScimError(404, `No group with id ${id} in this tenant at ${describePoint(asOf)}`);
      return project(then, projection, 'Group', caller.profile.schemas);
    }
    const group = await this.queries.execute(new GetGroupQuery(caller, id, members));
    if (group === undefined) throw new ScimError(404, `No group with id ${id} in this tenant`);
    return notModified(reply, group, ifNoneMatch)
      ? undefined
      : project(group, projection, 'Group', caller.profile.schemas);
  }

  @Put(':id')
  async replace(
    @Caller() caller: ScimCaller,
    @Param('id') id: string,
    @Body() body: unknown,
    @Query() query: QueryString,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const projection = projectionFrom(query, 'Group', caller.profile.schemas);
    const result = await this.commands.execute(
      new ReplaceGroupCommand(caller, id, body, expectedRevisionFromIfMatch(ifMatch)),
    );
    return project(
      await this.written(caller, result, reply, projection),
      projection,
      'Group',
      caller.profile.schemas,
    );
  }

  /**
   * The answer depends on the tenant's preset, never the handling: Entra expects 204 without a
   * body (idp-behavior.md E13–E15); the others get 200 with the group, which scim-sanity and
   * scim2-tester check. `excludedAttributes=members` keeps that answer light for huge groups.
   */
  @Patch(':id')
  async patch(
    @Caller() caller: ScimCaller,
    @Param('id') id: string,
    @Body() body: unknown,
    @Query() query: QueryString,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JsonObject | undefined> {
    const projection = projectionFrom(query, 'Group', caller.profile.schemas);
    const result = await this.commands.execute(
      new PatchGroupCommand(caller, id, body, expectedRevisionFromIfMatch(ifMatch)),
    );
    if (caller.profile.preset === 'entra') {
      await this.readYourWrites.wait(result.position);
      void reply.status(204).header('ETag', etagOf(result.revision));
      return undefined;
    }
    return project(
      await this.written(caller, result, reply, projection),
      projection,
      'Group',
      caller.profile.schemas,
    );
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

  /** After a write: wait for the read model, then answer with the group as a GET would. */
  private async written(
    caller: ScimCaller,
    result: WriteResult,
    reply: FastifyReply,
    projection: ListParams,
  ): Promise<ScimGroup> {
    await this.readYourWrites.wait(result.position);
    const group = await this.queries.execute(
      new GetGroupQuery(caller, result.id, memberRendering(projection, caller.profile.schemas)),
    );
    if (group === undefined)
      throw new ScimError(
        503,
        'The change is saved but not yet readable; GET the resource again in a moment',
      );
    void reply.header('ETag', group.meta.version);
    return group;
  }
}
