import {
  Controller,
  Delete,
  Get,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  discoveryList,
  rejectDiscoveryFilter,
  resourceType,
  resourceTypes,
  schemaResource,
  schemaResources,
  ScimError,
  serviceProviderConfig,
} from '#scim';
import { BearerAuthGuard } from '../shared/bearer-auth.guard.js';
import { MAX_PAGE_SIZE } from '../shared/list-query.js';
import type { ScimCaller } from '../shared/request-context.js';
import { Caller } from '../shared/scim-caller.decorator.js';

type QueryString = Record<string, string | string[] | undefined>;

const discoveryPaths = [
  'ServiceProviderConfig',
  'ResourceTypes',
  'ResourceTypes/:id',
  'Schemas',
  'Schemas/:id',
];

/**
 * RFC 7644 §4 discovery, generated from the tenant's own schema registry so that a custom
 * extension shows up in `/Schemas` and `/ResourceTypes` exactly where requests accept it.
 */
@Controller('scim/v2/:tenant')
@UseGuards(BearerAuthGuard)
export class DiscoveryController {
  @Get('ServiceProviderConfig')
  serviceProviderConfig(@Caller() caller: ScimCaller, @Query() query: QueryString) {
    rejectDiscoveryFilter(query);
    return serviceProviderConfig({ baseUrl: caller.baseUrl, maxResults: MAX_PAGE_SIZE });
  }

  @Get('ResourceTypes')
  resourceTypes(@Caller() caller: ScimCaller, @Query() query: QueryString) {
    rejectDiscoveryFilter(query);
    return discoveryList(resourceTypes(caller.profile.schemas, caller.baseUrl));
  }

  @Get('ResourceTypes/:id')
  resourceType(@Caller() caller: ScimCaller, @Param('id') id: string) {
    return resourceType(caller.profile.schemas, caller.baseUrl, id);
  }

  @Get('Schemas')
  schemas(@Caller() caller: ScimCaller, @Query() query: QueryString) {
    rejectDiscoveryFilter(query);
    return discoveryList(schemaResources(caller.profile.schemas, caller.baseUrl));
  }

  @Get('Schemas/:id')
  schema(@Caller() caller: ScimCaller, @Param('id') id: string) {
    return schemaResource(caller.profile.schemas, caller.baseUrl, id);
  }

  // Discovery is read-only (RFC 7644 §4). Nest keeps one method per handler, hence four.
  @Post(discoveryPaths)
  post(@Res({ passthrough: true }) reply: FastifyReply): never {
    return methodNotAllowed(reply);
  }

  @Put(discoveryPaths)
  put(@Res({ passthrough: true }) reply: FastifyReply): never {
    return methodNotAllowed(reply);
  }

  @Patch(discoveryPaths)
  patch(@Res({ passthrough: true }) reply: FastifyReply): never {
    return methodNotAllowed(reply);
  }

  @Delete(discoveryPaths)
  delete(@Res({ passthrough: true }) reply: FastifyReply): never {
    return methodNotAllowed(reply);
  }
}

/** RFC 9110 §15.5.6: a 405 names the methods the resource does allow. */
function methodNotAllowed(reply: FastifyReply): never {
  void reply.header('Allow', 'GET, HEAD');
  throw new ScimError(
    405,
    'The discovery endpoints (/ServiceProviderConfig, /ResourceTypes, /Schemas) are read-only; use GET',
  );
}
