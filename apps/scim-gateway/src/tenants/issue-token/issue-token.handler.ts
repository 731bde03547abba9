import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from '#platform';
import { TenantWriter } from '../tenant.writer.js';
import { type IssuedToken, IssueTokenCommand } from './issue-token.command.js';

/** 256 random bits: guessing is hopeless, so an unsalted SHA-256 is a safe way to store it. */
const tokenBytes = 32;

@CommandHandler(IssueTokenCommand)
export class IssueTokenHandler implements ICommandHandler<IssueTokenCommand, IssuedToken> {
  constructor(private readonly tenants: TenantWriter) {}

  async execute({ actor, tenantId, label, expiresAt }: IssueTokenCommand): Promise<IssuedToken> {
    const token = randomBytes(tokenBytes).toString('base64url');
    const tokenId = uuidv7();
    const position = await this.tenants.execute(actor, {
      type: 'IssueBearerToken',
      data: {
        tenantId,
        tokenId,
        tokenHash: createHash('sha256').update(token).digest('hex'),
        label,
        ...(expiresAt === undefined ? {} : { expiresAt }),
      },
    });
    return { tokenId, token, position };
  }
}
