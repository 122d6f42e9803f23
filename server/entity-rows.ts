import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Entities from plain SQL rows, each column converted as TypeORM hydrates it
 * (`driver.prepareHydratedValue`, transformers included). For hot reads, where building the query
 * builder's SQL and its generic result transformer cost more than the query itself: the select
 * list is built once from the entity's metadata, so it follows the entity as columns change.
 */
export class EntityRows<T extends ObjectLiteral> {
  /** `alias.column AS "alias_column", …`, for a SELECT list. */
  readonly select: string;
  private readonly metadata: EntityMetadata;
  private readonly columns: { key: string; column: ColumnMetadata }[];
  private readonly primaryKey: string;

  constructor(
    private readonly dataSource: DataSource,
    target: EntityTarget<T>,
    alias: string,
  ) {
    this.metadata = dataSource.getMetadata(target);
    const seen = new Set<string>();
    // Relation-only join columns are virtual; where an entity also declares the column (`providerId`), that one is read.
    this.columns = this.metadata.columns
      .filter((c) => !c.isVirtual && !c.isVirtualProperty && c.isSelect && !seen.has(c.databaseName) && seen.add(c.databaseName))
      .map((column) => ({ key: `${alias}_${column.databaseName}`, column }));
    this.select = this.columns.map(({ key, column }) => `${alias}."${column.databaseName}" AS "${key}"`).join(', ');
    const [primary] = this.metadata.primaryColumns;
    this.primaryKey = `${alias}_${primary.databaseName}`;
  }

  /** The entity of a row, or undefined when its primary key is null (an outer join that found nothing). */
  from(row: Record<string, unknown>): T | undefined {
    if (row[this.primaryKey] === null || row[this.primaryKey] === undefined) return undefined;
    const entity = this.metadata.create() as T;
    const driver = this.dataSource.driver;
    for (const { key, column } of this.columns) column.setEntityValue(entity, driver.prepareHydratedValue(row[key], column));
    return entity;
  }
}
