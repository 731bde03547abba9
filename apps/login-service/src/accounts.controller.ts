import {
  Controller,
  Get,
  Header,
  Inject,
  NotFoundException,
  Param,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ProblemDetailsFilter } from '#platform';
import type { Account, AccountStore } from './account-store.js';
import { ApiTokenGuard } from './api-token.guard.js';

export const ACCOUNT_STORE = Symbol('AccountStore');

@Controller('accounts')
@UseFilters(ProblemDetailsFilter)
@UseGuards(ApiTokenGuard)
export class AccountsController {
  constructor(@Inject(ACCOUNT_STORE) private readonly store: AccountStore) {}

  /** A sign-in asks this right before it admits the user, so it must never see a cached answer. */
  @Get(':tenant/:userId')
  @Header('Cache-Control', 'no-store')
  async account(
    @Param('tenant') tenant: string,
    @Param('userId') userId: string,
  ): Promise<Account> {
    const account = await this.store.find(tenant, userId);
    if (account === undefined)
      throw new NotFoundException(
        `No account for user ${userId} in tenant ${tenant}; it was never provisioned or its events have not arrived yet`,
      );
    return account;
  }
}
