import { type DynamicModule, Module } from '@nestjs/common';
import type { AccountStore } from './account-store.js';
import { ACCOUNT_STORE, AccountsController } from './accounts.controller.js';
import { ApiTokenGuard, LOGIN_AUTH } from './api-token.guard.js';

export interface LoginServiceOptions {
  readonly store: AccountStore;
  /** When set, `GET /accounts/...` requires `Authorization: Bearer <apiToken>`; else it is open. */
  readonly apiToken?: string;
}

/** The account status API; the store is fed by `accountStatusHandler`. */
@Module({})
export class LoginServiceModule {
  static register(options: LoginServiceOptions): DynamicModule {
    return {
      module: LoginServiceModule,
      controllers: [AccountsController],
      providers: [
        { provide: ACCOUNT_STORE, useValue: options.store },
        { provide: LOGIN_AUTH, useValue: { apiToken: options.apiToken } },
        ApiTokenGuard,
      ],
    };
  }
}
