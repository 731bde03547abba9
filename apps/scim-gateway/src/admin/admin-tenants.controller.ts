import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  sameSchemaId,
  type ExtensionSchemaInput,
  type RoleRule,
  type TenantCommand,
} from '#directory';
import type { TenantProfileRecord } from '#read-model';
import { ScimError } from '#scim';
import { SeatCounter } from '../users/seat-counter.js';
import { GATEWAY_OPTIONS, type GatewayOptions } from '../shared/injection-tokens.js';
import { ReadYourWrites } from '../shared/read-your-writes.js';
import { originOf } from '../shared/request-context.js';
import { TenantProfiles } from '../shared/tenant-profile.js';
import { ChangeTenantCommand } from '../tenants/change-tenant/change-tenant.command.js';
import { GetTenantQuery } from '../tenants/get-tenant/get-tenant.query.js';
import type { TenantActor } from '../tenants/tenant.writer.js';
import { Actor } from './admin-actor.decorator.js';
import { AdminApi, AdminRoute, answers, bodies } from './admin-api.docs.js';
import { AdminAuthGuard } from './admin-auth.guard.js';
import { knownTenantId, noSuchTenant } from './known-tenant.js';
import { objectBody, requiredBoolean, requiredString } from './admin-body.js';
import { tenantView } from './tenant-view.js';

const tenantExample = '{"id": "acme", "name": "Acme Corp"}';
const presetExample = '{"preset": "okta"}';
const provisioningExample = '{"enabled": false}';
const deletionPolicyExample = '{"policy": "keepDisabled"}';
const groupMatchingExample = '{"policy": "adoptExisting"}';
const seatLimitExample = '{"limit": 25}';
const roleRuleExample =
  '{"attribute": "urn:ietf:params:scim:schemas:extension:document360:2.0:User:isTeamAccount", "whenTrue": "team", "whenFalse": "member"}';
const extensionExample =
  '{"resourceType": "User", "schema": {"id": "urn:example:scim:acme:1.0:User", "name": "AcmeUser", "attributes": [{"name": "level", "type": "integer"}]}}';

/**
 * Tenant administration: what an admin does once per IdP connection. Writes wait for the read
 * model like SCIM writes do, and drop the tenant's cached SCIM profile, so the next SCIM request
 * already sees the new token, preset or schema.
 */
@AdminApi('tenants')
@Controller('admin/tenants')
@UseGuards(AdminAuthGuard)
export class AdminTenantsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly readYourWrites: ReadYourWrites,
    private readonly profiles: TenantProfiles,
    @Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions,
    private readonly seats: SeatCounter,
  ) {}

  @AdminRoute({
    summary: 'Register a tenant (one IdP connection)',
    body: bodies.registerTenant,
    answer: { status: 201, schema: answers.registeredTenant },
    errors: [400, 409],
  })
  @Post()
  @HttpCode(201)
  async register(
    @Actor() actor: TenantActor,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const input = objectBody(body, tenantExample);
    const id = requiredString(input, 'id', tenantExample);
    const name = requiredString(input, 'name', tenantExample);
    await this.change(actor, { type: 'RegisterTenant', data: { tenantId: id, name } });
    void reply.header('Location', `/admin/tenants/${id}`);
    return { id, name, scimBaseUrl: this.scimBaseUrl(request, id) };
  }

  @AdminRoute({
    summary: "The tenant's settings and its SCIM base URL",
    answer: { status: 200, schema: answers.tenant },
    errors: [404],
  })
  @Get(':id')
  async get(@Param('id') id: string, @Req() request: FastifyRequest) {
    return tenantView(await this.existing(id), this.scimBaseUrl(request, id));
  }

  @AdminRoute({
    summary: 'Choose the IdP preset',
    body: bodies.idpPreset,
    answer: { status: 200, schema: answers.tenant },
    errors: [400, 404],
  })
  @Put(':id/idp-preset')
  async chooseIdpPreset(
    @Actor() actor: TenantActor,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ) {
    const preset = requiredString(objectBody(body, presetExample), 'preset', presetExample);
    await this.change(actor, {
      type: 'ChooseIdpPreset',
      data: { tenantId: knownTenantId(id), preset },
    });
    return this.get(id, request);
  }

  /** Switching provisioning off refuses the tenant's SCIM requests; its data stays. */
  @AdminRoute({
    summary: 'Switch provisioning on or off (off answers SCIM requests 403)',
    body: bodies.provisioning,
    answer: { status: 200, schema: answers.tenant },
    errors: [400, 404],
  })
  @Put(':id/provisioning')
  async setProvisioning(
    @Actor() actor: TenantActor,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ) {
    const input = objectBody(body, provisioningExample);
    const enabled = requiredBoolean(input, 'enabled', provisioningExample);
    await this.change(actor, {
      type: 'SetProvisioning',
      data: { tenantId: knownTenantId(id), enabled },
    });
    return this.get(id, request);
  }

  @AdminRoute({
    summary: 'Choose what DELETE /Users does',
    body: bodies.deletionPolicy,
    answer: { status: 200, schema: answers.tenant },
    errors: [400, 404],
  })
  @Put(':id/deletion-policy')
  async chooseDeletionPolicy(
    @Actor() actor: TenantActor,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ) {
    const input = objectBody(body, deletionPolicyExample);
    const policy = requiredString(input, 'policy', deletionPolicyExample);
    await this.change(actor, {
      type: 'ChooseDeletionPolicy',
      data: { tenantId: knownTenantId(id), policy },
    });
    return this.get(id, request);
  }

  /**
   * Whether SCIM POST /Groups adopts a local group of the same displayName (`adoptExisting`) or
   * creates a new group beside it (`alwaysCreate`). The decider names the allowed values.
   */
  @AdminRoute({
    summary: 'Choose whether POST /Groups adopts a local group of the same name',
    body: bodies.groupMatching,
    answer: { status: 200, schema: answers.tenant },
    errors: [400, 404],
  })
  @Put(':id/group-matching')
  async chooseGroupMatching(
    @Actor() actor: TenantActor,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ) {
    const input = objectBody(body, groupMatchingExample);
    const policy = requiredString(input, 'policy', groupMatchingExample);
    await this.change(actor, {
      type: 'ChooseGroupMatchingPolicy',
      data: { tenantId: knownTenantId(id), policy },
    });
    return this.get(id, request);
  }

  @AdminRoute({
    summary: 'Register an extension schema for Users or Groups',
    body: bodies.schemaExtension,
    answer: { status: 201, schema: answers.schemaExtension },
    errors: [400, 404, 409],
  })
  @Post(':id/schema-extensions')
  @HttpCode(201)
  async registerSchemaExtension(
    @Actor() actor: TenantActor,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    const input = objectBody(body, extensionExample);
    // The decider checks every member (it gets the JSON as sent) and says what to fix.
    const schema = input['schema'] as ExtensionSchemaInput;
    await this.change(actor, {
      type: 'RegisterSchemaExtension',
      data: {
        tenantId: knownTenantId(id),
        resourceType: input['resourceType'] as 'User' | 'Group',
        schema,
        required: input['required'] as boolean | undefined,
      },
    });
    const registered = (await this.existing(id)).schemaExtensions.find((extension) =>
      sameSchemaId(extension.schema.id, schema.id),
    );
    if (registered === undefined) throw notYetReadable();
    return registered;
  }

  @AdminRoute({
    summary: 'Remove an extension schema (schemaId is its URN)',
    answer: { status: 204 },
    errors: [404],
  })
  @Delete(':id/schema-extensions/:schemaId')
  @HttpCode(204)
  async removeSchemaExtension(
    @Actor() actor: TenantActor,
    @Param('id') id: string,
    @Param('schemaId') schemaId: string,
  ): Promise<void> {
    await this.change(actor, {
      type: 'RemoveSchemaExtension',
      data: { tenantId: knownTenantId(id), schemaId },
    });
  }

  /** ADR 0005: `{"limit": 25}` caps the tenant's users; `{"limit": null}` lifts the cap. */
  @AdminRoute({
    summary: 'Cap the number of users, or lift the cap with null',
    body: bodies.seatLimit,
    answer: { status: 200, schema: answers.tenant },
    errors: [400, 404],
  })
  @Put(':id/seat-limit')
  async setSeatLimit(
    @Actor() actor: TenantActor,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ) {
    const input = objectBody(body, seatLimitExample);
    const limit = input['limit'] === undefined ? undefined : (input['limit'] as number | null);
    if (limit === undefined) {
      throw new ScimError(
        400,
        `"limit" is required; send e.g. ${seatLimitExample}`,
        'invalidValue',
      );
    }
    const tenantId = knownTenantId(id);
    await this.change(actor, { type: 'SetSeatLimit', data: { tenantId, limit } });
    if (limit === null) await this.seats.stop(tenantId);
    else await this.seats.start(tenantId, actor);
    return this.get(id, request);
  }

  /** Derives users' roles from a boolean User extension attribute; `null` removes the rule. */
  @AdminRoute({
    summary: 'Derive roles from a boolean extension attribute, or remove the rule with null',
    body: bodies.roleRule,
    answer: { status: 200, schema: answers.tenant },
    errors: [400, 404],
  })
  @Put(':id/role-rule')
  async setRoleRule(
    @Actor() actor: TenantActor,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ) {
    // The decider checks every member of the rule and says what to fix.
    const rule = body === null ? null : (objectBody(body, roleRuleExample) as unknown as RoleRule);
    await this.change(actor, { type: 'SetRoleRule', data: { tenantId: knownTenantId(id), rule } });
    return this.get(id, request);
  }

  private async change(actor: TenantActor, command: TenantCommand): Promise<void> {
    const position = await this.commands.execute(new ChangeTenantCommand(actor, command));
    await this.afterWrite(command.data.tenantId, position);
  }

  private async afterWrite(tenantId: string, position: number): Promise<void> {
    await this.readYourWrites.wait(position);
    this.profiles.forget(tenantId);
  }

  private async existing(id: string): Promise<TenantProfileRecord> {
    const record = await this.queries.execute(new GetTenantQuery(knownTenantId(id)));
    if (record === undefined) throw noSuchTenant(id);
    return record;
  }

  private scimBaseUrl(request: FastifyRequest, id: string): string {
    return `${originOf(request, this.options.publicUrl)}/scim/v2/${id}`;
  }
}

function notYetReadable(): ScimError {
  return new ScimError(
    503,
    'The change is saved but not yet readable; GET the tenant again in a moment',
  );
}
