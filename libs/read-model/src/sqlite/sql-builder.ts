import type { SQLInputValue } from 'node:sqlite';

/**
 * Collects bound parameters while SQL text is generated. Filter values only ever reach SQLite as
 * bound parameters (`$f0`, `$f1`, …), never inside the SQL text.
 */
export class SqlBuilder {
  readonly params: Record<string, SQLInputValue> = {};
  private next = 0;

  /** Binds a value and answers its placeholder. */
  bind(value: SQLInputValue): string {
    const name = `f${this.next++}`;
    this.params[name] = value;
    return `$${name}`;
  }

  /** A fresh alias for a correlated subquery. */
  alias(prefix: string): string {
    return `${prefix}${this.next++}`;
  }
}
