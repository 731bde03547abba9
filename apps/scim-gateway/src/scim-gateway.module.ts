import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore } from '#event-store';
import type { PersonalDataKeyStore } from '#personal-data';
import type { DirectoryReadModel } from '#read-model';
import { adminControllers, adminProviders, type AdminOptions } from './admin/admin-api.js';
import type { OAuthOptions } from './oauth/oauth-options.js';
import { OAuthServer } from './oauth/oauth-server.js';
import { oauthControllers, oauthProviders } from './oauth/oauth.parts.js';
import { CreateGroupHandler } from './groups/create-group/create-group.handler.js';
import { DeleteGroupHandler } from './groups/delete-group/delete-group.handler.js';
import { GetGroupAsOfHandler } from './groups/get-group/get-group-as-of.handler.js';
import { GetGroupHandler } from './groups/get-group/get-group.handler.js';
import { GroupDisplayNames } from './groups/group-display-names.js';
import { GroupRepository } from './groups/group.repository.js';
import { GroupWriter } from './groups/group.writer.js';
import { GroupsController } from './groups/groups.controller.js';
import { ListGroupsHandler } from './groups/list-groups/list-groups.handler.js';
import { PatchGroupHandler } from './groups/patch-group/patch-group.handler.js';
import { ReplaceGroupHandler } from './groups/replace-group/replace-group.handler.js';
import { SearchController } from './search/search.controller.js';
import { DiscoveryController } from './discovery/discovery.controller.js';
import { HealthController } from './health/health.controller.js';
import { Readiness } from './health/readiness.js';
import { authFailureLimiterProvider } from './shared/auth-failure-limiter.js';
import { BearerAuthGuard } from './shared/bearer-auth.guard.js';
import {
  EVENT_STORE,
  GATEWAY_OPTIONS,
  type GatewayOptions,
  PERSONAL_DATA_KEYS,
  READ_MODEL,
} from './shared/injection-tokens.js';
import { ReadYourWrites } from './shared/read-your-writes.js';
import { ScimExceptionFilter } from './shared/scim-exception.filter.js';
import { StreamWriteQueue } from './shared/stream-write-queue.js';
import { UniqueValueReservations } from './shared/unique-value.reservations.js';
import { TenantProfiles } from './shared/tenant-profile.js';
import { TenantBootstrap } from './tenants/tenant-bootstrap.js';
import { DeleteUserHandler } from './users/delete-user/delete-user.handler.js';
import { EraseUserHandler } from './users/erase-user/erase-user.handler.js';
import { GetUserAsOfHandler } from './users/get-user/get-user-as-of.handler.js';
import { GetUserHandler } from './users/get-user/get-user.handler.js';
import { ListUsersHandler } from './users/list-users/list-users.handler.js';
import { PatchUserHandler } from './users/patch-user/patch-user.handler.js';
import { ProvisionUserHandler } from './users/provision-user/provision-user.handler.js';
import { ReplaceUserHandler } from './users/replace-user/replace-user.handler.js';
import { UserRepository } from './users/user.repository.js';
import { UsersController } from './users/users.controller.js';
import { SeatCounter } from './users/seat-counter.js';
import { UserWriter } from './users/user.writer.js';

export interface ScimGatewayPorts {
  readonly eventStore: EventStore;
  /** The keys sealing each user's personal data in that store (ADR 0010); erasure destroys one. */
  readonly personalDataKeys: PersonalDataKeyStore;
  readonly readModel: DirectoryReadModel;
  readonly options: GatewayOptions;
  /** The admin API under /admin; disabled (401) without a bootstrap token. */
  readonly admin?: AdminOptions;
  /** The OAuth 2.0 authorization server under /oauth and its application registrations. */
  readonly oauth: OAuthOptions;
}

const commandHandlers = [
  ProvisionUserHandler,
  ReplaceUserHandler,
  PatchUserHandler,
  DeleteUserHandler,
  EraseUserHandler,
  CreateGroupHandler,
  ReplaceGroupHandler,
  PatchGroupHandler,
  DeleteGroupHandler,
];
const queryHandlers = [
  GetUserHandler,
  GetUserAsOfHandler,
  ListUsersHandler,
  GetGroupHandler,
  GetGroupAsOfHandler,
  ListGroupsHandler,
];

/** The SCIM 2.0 surface, composed with an event store and a read model. */
@Module({})
export class ScimGatewayModule {
  static register(ports: ScimGatewayPorts): DynamicModule {
    return {
      module: ScimGatewayModule,
      imports: [CqrsModule.forRoot()],
      controllers: [
        UsersController,
        GroupsController,
        SearchController,
        DiscoveryController,
        HealthController,
        ...adminControllers,
        ...oauthControllers,
      ],
      providers: [
        { provide: EVENT_STORE, useValue: ports.eventStore },
        { provide: PERSONAL_DATA_KEYS, useValue: ports.personalDataKeys },
        { provide: READ_MODEL, useValue: ports.readModel },
        { provide: GATEWAY_OPTIONS, useValue: ports.options },
        { provide: APP_FILTER, useClass: ScimExceptionFilter },
        authFailureLimiterProvider,
        BearerAuthGuard,
        TenantProfiles,
        ReadYourWrites,
        StreamWriteQueue,
        Readiness,
        TenantBootstrap,
        UserRepository,
        UniqueValueReservations,
        UserWriter,
        SeatCounter,
        GroupRepository,
        GroupDisplayNames,
        GroupWriter,
        ...commandHandlers,
        ...queryHandlers,
        ...adminProviders(ports.admin),
        ...oauthProviders(ports.oauth),
      ],
      exports: [Readiness, TenantBootstrap, OAuthServer],
    };
  }
}
