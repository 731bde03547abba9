import type { SQLInputValue } from 'node:sqlite';
import type { SqlBuilder } from '../sql/sql-dialect.js';

/**
 * Named parameters (`$f0`, `$f1`, …) for node:sqlite, which rejects bound names a statement does
 * not use: build one per statement.
 */
export class NamedSqlBuilder implements SqlBuilder {
  readonly params: Record<string, SQLInputValue> = {};
  private next = 0;

  bind(value: SQLInputValue): string {
    const name = `f${this.next++}`;
    this.params[name] = value;
    return `$${name}`;
  }

  alias(prefix: string): string {
    return `${prefix}${this.next++}`;
  }
}
