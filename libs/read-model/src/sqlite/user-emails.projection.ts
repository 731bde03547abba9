import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { emailValues } from '../sql/directory-records.js';

/**
 * Keeps `user_emails` (the lower-cased `emails.value` of every user) in step with the users
 * table, so email filters start from an index.
 */
export class UserEmailsProjection {
  private readonly insert: StatementSync;
  private readonly remove: StatementSync;

  constructor(db: DatabaseSync) {
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO user_emails (tenant, value_lc, user_id) VALUES (?, ?, ?)',
    );
    this.remove = db.prepare('DELETE FROM user_emails WHERE tenant = ? AND user_id = ?');
  }

  /** Replaces the user's rows with the emails in `attributes`. */
  replace(tenant: string, userId: string, attributes: { readonly [key: string]: unknown }): void {
    this.remove.run(tenant, userId);
    for (const value of emailValues(attributes)) this.insert.run(tenant, value, userId);
  }

  removeUser(tenant: string, userId: string): void {
    this.remove.run(tenant, userId);
  }
}
