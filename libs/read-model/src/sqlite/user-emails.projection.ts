import type { DatabaseSync, StatementSync } from 'node:sqlite';

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
    for (const value of emailValues(attributes['emails']))
      this.insert.run(tenant, value.toLowerCase(), userId);
  }

  removeUser(tenant: string, userId: string): void {
    this.remove.run(tenant, userId);
  }
}

/** The string `value`s of the emails, whether multi-valued as RFC 7643 says or a single object. */
function emailValues(emails: unknown): string[] {
  const elements = Array.isArray(emails) ? emails : [emails];
  return elements.flatMap((element) => {
    const value = isObject(element) ? element['value'] : undefined;
    return typeof value === 'string' ? [value] : [];
  });
}

function isObject(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
