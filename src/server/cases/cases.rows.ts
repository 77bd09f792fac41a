import { type Column, getTableColumns, type SQL, sql, type Table } from "drizzle-orm";
import { cases } from "../db/schema/index.js";
import type { CaseRow } from "./cases.queries.js";

/**
 * Rows of hand-written SQL (named by column, values as the driver gives them) turned into the typed rows
 * Drizzle's own selects return. The hot paths — case intake and lists — use this instead of Drizzle's
 * nested selections, whose per-row mapping and entity checks were a sixth of a list page's CPU time.
 */
export interface RowShape<T> {
  /** `"column", …` for each field: the SELECT or RETURNING list. */
  columns(): SQL;
  /** One raw row to the typed row. */
  map(raw: Record<string, unknown>): T;
}

export function rowShape<T>(table: Table, omit: readonly string[] = []): RowShape<T> {
  const fields = Object.entries(getTableColumns(table) as Record<string, Column>)
    .filter(([key]) => !omit.includes(key))
    .map(([key, column]) => ({ key, name: column.name, column }));
  const list = sql.raw(fields.map((f) => `"${f.name}"`).join(", "));
  return {
    columns: () => list,
    map(raw) {
      const row: Record<string, unknown> = {};
      for (const { key, name, column } of fields) {
        const value = raw[name];
        row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
      }
      return row as T;
    },
  };
}

/**
 * A row to insert, as one JSON parameter: `INSERT INTO t (names) SELECT fields FROM
 * jsonb_populate_record(NULL::t, json) AS <alias>`. One parameter instead of one per column keeps the
 * statement cheap to build and send (the case has ~30 columns; Drizzle's per-parameter work showed in the
 * intake's CPU profile); PostgreSQL converts each JSON value with the column's own input function.
 */
export interface JsonRecord {
  /** The given columns, `"a", "b"`. */
  names: SQL;
  /** The same columns of the record, `alias."a", alias."b"`. */
  fields: SQL;
  /** The values by column name (Dates as ISO strings). */
  json: string;
}

const columnNames = new WeakMap<Table, Map<string, string>>();

export function jsonRecord(table: Table, values: Record<string, unknown>, alias: string): JsonRecord {
  let nameOf = columnNames.get(table);
  if (!nameOf) {
    const columns = getTableColumns(table) as Record<string, Column>;
    nameOf = new Map(Object.entries(columns).map(([key, column]) => [key, column.name]));
    columnNames.set(table, nameOf);
  }
  const byName: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const name = nameOf.get(key);
    if (value !== undefined && name) byName[name] = value;
  }
  const names = Object.keys(byName).map((name) => `"${name}"`);
  return {
    names: sql.raw(names.join(", ")),
    fields: sql.raw(names.map((name) => `${alias}.${name}`).join(", ")),
    json: JSON.stringify(byName),
  };
}

/** Every column of `cases` but the full-text vector, which no reader needs (~600 bytes a row). */
export const caseShape = rowShape<CaseRow>(cases, ["search"]);
