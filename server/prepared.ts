import type { Pool } from 'pg';
import type { EntityManager } from 'typeorm';
import { countSqlStatement } from './request-store';

/**
 * A read on a hot path (a match, a search page) as a named prepared statement: each pooled
 * connection parses it once, and PostgreSQL may keep one generic plan for it instead of planning
 * every call (planning was a quarter of a match request's SQL time). Inside a transaction the
 * manager's own connection runs it as a plain statement. Counted like every other statement.
 *
 * `name` must be unique to `text`: a connection keeps the first text it prepared under a name.
 * Statements should bind ranges rather than `LIKE $n`, which a generic plan cannot turn into an
 * index range.
 */
export async function preparedQuery<T>(manager: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  if (manager.queryRunner) return manager.query(text, values);
  countSqlStatement();
  const pool = (manager.connection.driver as unknown as { master: Pool }).master;
  const result = await pool.query<T & object>({ name, text, values });
  return result.rows;
}
