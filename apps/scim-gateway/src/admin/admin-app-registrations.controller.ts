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
  UseGuards,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { isSecretActive } from '#directory';
import { uuidv7 } from '#platform';
import type { AppRegistrationRecord, DirectoryReadModel } from '#read-model';
import { ScimError } from '#scim';
import {
  appRegistrationInput,
  overlapMinutesInput,
} from '../app-registrations/app-registration-input.js';
import { ChangeAppRegistrationCommand } from '../app-registrations/change-app-registration.command.js';
import { endpointsFor } from '../app-registrations/endpoints.js';
import { hashClientSecret } from '../oauth/oauth-clients.js';
import type { TenantActor } from '../shared/decider-stream.js';
import { GATEWAY_OPTIONS, type GatewayOptions, READ_MODEL } from '../shared/injection-tokens.js';
import { ReadYourWrites } from '../shared/read-your-writes.js';
import { Actor } from './admin-actor.decorator.js';
import { AdminApi, AdminRoute } from './admin-api.docs.js';
import { appRegistrationDocs } from './app-registrations.docs.js';
import { AdminAuthGuard } from './admin-auth.guard.js';
import { knownTenantId, noSuchTenant } from './known-tenant.js';

/** 256 random bits: an unsalted SHA-256 is then a safe way to keep it. */
const secretBytes = 32;

/**
 * Application registrations: the OAuth 2.0 clients an IdP uses to obtain SCIM access tokens
 * (Entra and PingOne with client credentials, Okta with the authorization code grant). A client
 * secret is shown once, in the answer that creates it; afterwards only its id and dates.
 */
@AdminApi('app-registrations')
@Controller('admin/tenants/:id')
@UseGuards(AdminAuthGuard)
export class AdminAppRegistrationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(READ_MODEL) private readonly readModel: DirectoryReadModel,
    @Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions,
  ) {}

  @AdminRoute({
    summary: 'What to enter in the IdP: SCIM base URL, authorization and token endpoints',
    answer: { status: 200, schema: appRegistrationDocs.endpoints },
    errors: [404],
  })
  @Get('endpoints')
  async endpoints(@Param('id') id: string, @Req() request: FastifyRequest) {
    await this.existingTenant(id);
    return endpointsFor(request, this.options.publicUrl, id);
  }

  @AdminRoute({
    summary: 'Register an application; its client secret is shown in this answer only',
    body: appRegistrationDocs.body,
    answer: { status: 201, schema: appRegistrationDocs.created },
    errors: [400, 404],
  })
  @Post('app-registrations')
  @HttpCode(201)
  async create(
    @Actor() actor: TenantActor,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ) {
    const input = appRegistrationInput(body);
    await this.existingTenant(id);
    const clientId = randomUUID();
    const secret = newSecret();
    await this.change(actor, {
      type: 'CreateAppRegistration',
      data: { tenantId: id, clientId, ...input, secret: secret.stored },
    });
    const app = await this.existing(id, clientId);
    return {
      ...this.view(app, request),
      clientSecret: secret.value,
      secretId: secret.stored.secretId,
    };
  }

  @AdminRoute({
    summary: "The tenant's application registrations (never their secrets)",
    answer: { status: 200, schema: appRegistrationDocs.list },
    errors: [404],
  })
  @Get('app-registrations')
  async list(@Param('id') id: string, @Req() request: FastifyRequest) {
    await this.existingTenant(id);
    const apps = await this.readModel.tenantAppRegistrations(id);
    return { appRegistrations: apps.map((app) => this.view(app, request)) };
  }

  @AdminRoute({
    summary: 'One application registration',
    answer: { status: 200, schema: appRegistrationDocs.appRegistration },
    errors: [404],
  })
  @Get('app-registrations/:clientId')
  async get(
    @Param('id') id: string,
    @Param('clientId') clientId: string,
    @Req() request: FastifyRequest,
  ) {
    return this.view(await this.existing(id, clientId), request);
  }

  @AdminRoute({
    summary: 'Change the name, redirect URIs or access token lifetime',
    body: appRegistrationDocs.body,
    answer: { status: 200, schema: appRegistrationDocs.appRegistration },
    errors: [400, 404],
  })
  @Put('app-registrations/:clientId')
  async update(
    @Actor() actor: TenantActor,
    @Param('id') id: string,
    @Param('clientId') clientId: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ) {
    const input = appRegistrationInput(body);
    await this.existing(id, clientId);
    await this.change(actor, {
      type: 'ChangeAppRegistration',
      data: { tenantId: id, clientId, ...input },
    });
    return this.view(await this.existing(id, clientId), request);
  }

  @AdminRoute({
    summary:
      'Add a client secret, shown in this answer only; with overlapMinutes, a rotation: the other secrets stop working when the overlap ends',
    body: appRegistrationDocs.secretBody,
    answer: { status: 201, schema: appRegistrationDocs.addedSecret },
    errors: [400, 404],
  })
  @Post('app-registrations/:clientId/secrets')
  @HttpCode(201)
  async addSecret(
    @Actor() actor: TenantActor,
    @Param('id') id: string,
    @Param('clientId') clientId: string,
    @Body() body: unknown,
  ) {
    const overlapMinutes = overlapMinutesInput(body);
    await this.existing(id, clientId);
    const now = Date.now();
    const previousSecretsRetireAt =
      overlapMinutes === undefined
        ? undefined
        : new Date(now + overlapMinutes * 60_000).toISOString();
    const secret = newSecret();
    await this.change(actor, {
      type: 'AddClientSecret',
      data: {
        tenantId: id,
        clientId,
        secret: secret.stored,
        now: new Date(now).toISOString(),
        ...(previousSecretsRetireAt === undefined ? {} : { previousSecretsRetireAt }),
      },
    });
    return {
      secretId: secret.stored.secretId,
      clientSecret: secret.value,
      ...(previousSecretsRetireAt === undefined ? {} : { previousSecretsRetireAt }),
    };
  }

  @AdminRoute({
    summary: 'Revoke a client secret at once; tokens already issued live out their lifetime',
    answer: { status: 204 },
    errors: [404],
  })
  @Delete('app-registrations/:clientId/secrets/:secretId')
  @HttpCode(204)
  async revokeSecret(
    @Actor() actor: TenantActor,
    @Param('id') id: string,
    @Param('clientId') clientId: string,
    @Param('secretId') secretId: string,
  ): Promise<void> {
    await this.existing(id, clientId);
    await this.change(actor, {
      type: 'RevokeClientSecret',
      data: { tenantId: id, clientId, secretId },
    });
  }

  @AdminRoute({
    summary: 'Delete the registration: its secrets stop working and its access tokens are refused',
    answer: { status: 204 },
    errors: [404],
  })
  @Delete('app-registrations/:clientId')
  @HttpCode(204)
  async remove(
    @Actor() actor: TenantActor,
    @Param('id') id: string,
    @Param('clientId') clientId: string,
  ): Promise<void> {
    await this.existing(id, clientId);
    await this.change(actor, { type: 'DeleteAppRegistration', data: { tenantId: id, clientId } });
  }

  private async change(
    actor: TenantActor,
    change: ChangeAppRegistrationCommand['change'],
  ): Promise<void> {
    const position = await this.commands.execute(new ChangeAppRegistrationCommand(actor, change));
    await this.readYourWrites.wait(position);
  }

  private view(app: AppRegistrationRecord, request: FastifyRequest) {
    const now = Date.now();
    return {
      clientId: app.clientId,
      name: app.name,
      redirectUris: app.redirectUris,
      accessTokenLifetimeMinutes: app.accessTokenLifetimeSeconds / 60,
      grantTypes:
        app.redirectUris.length > 0
          ? ['client_credentials', 'authorization_code', 'refresh_token']
          : ['client_credentials'],
      createdAt: app.createdAt,
      secrets: app.secrets.map((secret) => ({
        id: secret.secretId,
        createdAt: secret.createdAt,
        ...(secret.retiresAt === undefined ? {} : { retiresAt: secret.retiresAt }),
        revoked: secret.revoked,
        active: isSecretActive(secret, now),
      })),
      endpoints: endpointsFor(request, this.options.publicUrl, app.tenantId),
    };
  }

  /** The registration, if it belongs to tenant `id`; another tenant's is answered as unknown. */
  private async existing(id: string, clientId: string): Promise<AppRegistrationRecord> {
    await this.existingTenant(id);
    const app = await this.readModel.appRegistration(clientId);
    if (app === undefined || app.tenantId !== id) {
      throw new ScimError(
        404,
        `Tenant "${id}" has no application registration with client id "${clientId}"; list them with GET /admin/tenants/${id}/app-registrations`,
      );
    }
    return app;
  }

  private async existingTenant(id: string): Promise<void> {
    if (!(await this.readModel.tenantExists(knownTenantId(id)))) throw noSuchTenant(id);
  }
}

function newSecret() {
  const value = randomBytes(secretBytes).toString('base64url');
  return { value, stored: { secretId: uuidv7(), secretHash: hashClientSecret(value) } };
}
