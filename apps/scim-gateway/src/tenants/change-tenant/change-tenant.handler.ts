import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TenantWriter } from '../tenant.writer.js';
import { ChangeTenantCommand } from './change-tenant.command.js';

@CommandHandler(ChangeTenantCommand)
export class ChangeTenantHandler implements ICommandHandler<ChangeTenantCommand, number> {
  constructor(private readonly tenants: TenantWriter) {}

  async execute({ actor, change }: ChangeTenantCommand): Promise<number> {
    return this.tenants.execute(actor, change);
  }
}
