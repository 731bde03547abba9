import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  type ListParams,
  listResponse as scimListResponse,
  parseListParams,
  parseListParamsAcross,
  parseSearchRequest,
  type ResourceTypeName,
} from '#scim';
import { ListGroupsQuery } from '../groups/list-groups/list-groups.query.js';
import { BearerAuthGuard } from '../shared/bearer-auth.guard.js';
import {
  listResponse,
  MAX_PAGE_SIZE,
  project,
  readModelQuery,
  memberRendering,
  returns,
} from '../shared/list-query.js';
import type { ScimCaller } from '../shared/request-context.js';
import { Caller } from '../shared/scim-caller.decorator.js';
import { ListUsersQuery } from '../users/list-users/list-users.query.js';
import { groupsPageAfterUsers } from './across-types.page.js';

/**
 * `POST .search` (RFC 7644 §3.4.3): the query of a GET list in a body, for filters too long or too
 * sensitive for a URL. Answers exactly as the GET list does.
 */
@Controller('scim/v2/:tenant')
@UseGuards(BearerAuthGuard)
export class SearchController {
  constructor(private readonly queries: QueryBus) {}

  @Post('Users/.search')
  @HttpCode(200)
  async searchUsers(@Caller() caller: ScimCaller, @Body() body: unknown) {
    const params = this.paramsFor(caller, 'User', body);
    const { totalResults, resources } = await this.users(caller, params);
    return listResponse(resources, totalResults, params, 'User', caller.profile.schemas);
  }

  @Post('Groups/.search')
  @HttpCode(200)
  async searchGroups(@Caller() caller: ScimCaller, @Body() body: unknown) {
    const params = this.paramsFor(caller, 'Group', body);
    const { totalResults, resources } = await this.groups(caller, params);
    return listResponse(resources, totalResults, params, 'Group', caller.profile.schemas);
  }

  /**
   * Both resource types: all matching Users, then all matching Groups. Each resource keeps its
   * `schemas`, which tell the client what it is.
   */
  @Post('.search')
  @HttpCode(200)
  async searchAll(@Caller() caller: ScimCaller, @Body() body: unknown) {
    const schemas = caller.profile.schemas;
    const [userParams, groupParams] = parseListParamsAcross(
      parseSearchRequest(body),
      [schemas.forResource('User'), schemas.forResource('Group')],
      { maxCount: MAX_PAGE_SIZE },
    );
    const users = await this.users(caller, userParams);
    const groupsPage = groupsPageAfterUsers(userParams, {
      totalResults: users.totalResults,
      onPage: users.resources.length,
    });
    const groups = await this.groups(caller, groupParams, groupsPage);
    return scimListResponse(
      [
        ...users.resources.map((user) => project(user, userParams, 'User', schemas)),
        ...groups.resources.map((group) => project(group, groupParams, 'Group', schemas)),
      ],
      users.totalResults + groups.totalResults,
      userParams.startIndex,
    );
  }

  private paramsFor(caller: ScimCaller, type: ResourceTypeName, body: unknown): ListParams {
    return parseListParams(parseSearchRequest(body), caller.profile.schemas.forResource(type), {
      maxCount: MAX_PAGE_SIZE,
    });
  }

  private users(caller: ScimCaller, params: ListParams, page: Page = params) {
    const query = readModelQuery(params, caller.profile.schemas.forResource('User'));
    return this.queries.execute(
      new ListUsersQuery(caller, { ...query, ...pageOf(page) }, returns(params, 'groups')),
    );
  }

  private groups(caller: ScimCaller, params: ListParams, page: Page = params) {
    const query = readModelQuery(params, caller.profile.schemas.forResource('Group'));
    return this.queries.execute(
      new ListGroupsQuery(
        caller,
        { ...query, ...pageOf(page) },
        memberRendering(params, caller.profile.schemas),
      ),
    );
  }
}

type Page = { readonly startIndex: number; readonly count: number };

const pageOf = ({ startIndex, count }: Page): Page => ({ startIndex, count });
