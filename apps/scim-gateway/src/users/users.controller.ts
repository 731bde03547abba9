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
import { asOfFrom, describePoint } from '../shared/as-of.js';
import { BearerAuthGuard } from '../shared/bearer-auth.guard.js';
import { expectedRevisionFromIfMatch, notModified } from '../shared/etag.js';
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
import { DeleteUserCommand } from './delete-user/delete-user.command.js';
import { GetUserAsOfQuery } from './get-user/get-user-as-of.handler.js';
import { GetUserQuery } from './get-user/get-user.query.js';
import { ListUsersQuery } from './list-users/list-users.query.js';
import { PatchUserCommand } from './patch-user/patch-user.command.js';
import { ProvisionUserCommand } from './provision-user/provision-user.command.js';
import { ReplaceUserCommand } from './replace-user/replace-user.command.js';
import type { ScimUser } from './user-resource.js';

type QueryString = Record<string, string | string[] | undefined>;

@Controller('scim/v2/:tenant/Users')
@UseGuards(BearerAuthGuard)
export class UsersController {
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
    const projection = projectionFrom(query, 'User', caller.profile.schemas);
    const result = await this.commands.execute(new ProvisionUserCommand(caller, body));
    const user = await this.written(caller, result, reply);
    // RFC 7644 §3.3: 201 with the resource and its location.
    void reply.header('Location', user.meta.location);
    return project(user, projection, 'User', caller.profile.schemas);
  }

  @Get()
  async list(@Caller() caller: ScimCaller, @Query() query: QueryString) {
    const { params, query: listQuery } = listRequestFrom(query, 'User', caller.profile.schemas);
    const { totalResults, resources } = await this.queries.execute(
      new ListUsersQuery(caller, listQuery, returns(params, 'groups')),
    );
    return listResponse(resources, totalResults, params, 'User', caller.profile.schemas);
  }

  @Get(':id')
  async get(
    @Caller() caller: ScimCaller,
    @Param('id') id: string,
    @Query() query: QueryString,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const projection = projectionFrom(query, 'User', caller.profile.schemas);
    const asOf = asOfFrom(query);
    if (asOf !== undefined) {
      const then = await this.queries.execute(new GetUserAsOfQuery(caller, id, asOf));
      if (then === undefined)
        throw new ScimError(404, `No user with id ${id} in this tenant at ${describePoint(asOf)}`);
      return project(then, projection, 'User', caller.profile.schemas);
    }
    const user = await this.queries.execute(new GetUserQuery(caller, id));
    if (user === undefined) throw new ScimError(404, `No user with id ${id} in this tenant`);
    return notModified(reply, user, ifNoneMatch)
      ? undefined
      : project(user, projection, 'User', caller.profile.schemas);
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
    const command = new ReplaceUserCommand(caller, id, body, expectedRevisionFromIfMatch(ifMatch));
    return this.change(caller, command, query, reply);
  }

  /** 200 with the user for every preset: scim-sanity fails a 204 and no IdP needs one. */
  @Patch(':id')
  async patch(
    @Caller() caller: ScimCaller,
    @Param('id') id: string,
    @Body() body: unknown,
    @Query() query: QueryString,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const command = new PatchUserCommand(caller, id, body, expectedRevisionFromIfMatch(ifMatch));
    return this.change(caller, command, query, reply);
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(
    @Caller() caller: ScimCaller,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    const result = await this.commands.execute(
      new DeleteUserCommand(caller, id, expectedRevisionFromIfMatch(ifMatch)),
    );
    await this.readYourWrites.wait(result.position);
  }

  /** PUT and PATCH: the change, answered with the user as a GET would, projected as asked. */
  private async change(
    caller: ScimCaller,
    command: ReplaceUserCommand | PatchUserCommand,
    query: QueryString,
    reply: FastifyReply,
  ) {
    // Parsed first, so a bad attributes parameter is refused before anything is written.
    const projection = projectionFrom(query, 'User', caller.profile.schemas);
    const result = await this.commands.execute(command);
    return project(
      await this.written(caller, result, reply),
      projection,
      'User',
      caller.profile.schemas,
    );
  }

  /** After a write: wait for the read model, then answer with the resource as a GET would. */
  private async written(
    caller: ScimCaller,
    result: WriteResult,
    reply: FastifyReply,
  ): Promise<ScimUser> {
    await this.readYourWrites.wait(result.position);
    const user = await this.queries.execute(new GetUserQuery(caller, result.id));
    if (user === undefined)
      throw new ScimError(
        503,
        'The change is saved but not yet readable; GET the resource again in a moment',
      );
    void reply.header('ETag', user.meta.version);
    return user;
  }
}
