import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../src/server/db/client.js";

/**
 * A cheap picture of what the database holds: the row count of every table of the app, the last audit
 * event and the sum of case versions (so an update that skipped its audit event would show too). Equal
 * before and after a refused request = the refusal wrote nothing. Bookkeeping that may change on any
 * request (a token's last-used time) is an update without an audit event on a table other than cases,
 * and is deliberately not seen.
 */
export interface Fingerprinter {
  take(): Promise<string>;
  /** Fast path: the next transaction id moves with every transaction that wrote anything. */
  changedSince(previous: string): Promise<boolean>;
}

export async function fingerprinter(db: Db): Promise<Fingerprinter> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const counts = tables.map((t) => `(SELECT count(*) FROM "${t.name}")`).join(" || ',' || ");
  // Built from the catalogue's own table names, never from input: the one string-built SQL in tests.
  const statement = sql.raw(
    `SELECT ${counts} || ';' || coalesce((SELECT max(id) FROM audit_events), 0)
       || ';' || coalesce((SELECT sum(version) FROM cases), 0)
       || ';' || pg_snapshot_xmax(pg_current_snapshot()) AS print`,
  );
  const xidOnly = sql`SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xid`;
  return {
    async take() {
      const [row] = await queryRows<{ print: string }>(db, statement);
      return row!.print;
    },
    async changedSince(previous) {
      const [row] = await queryRows<{ xid: string }>(db, xidOnly);
      return !previous.endsWith(`;${row!.xid}`);
    },
  };
}

/** The part of a fingerprint that is data, without the transaction id. */
export const dataOf = (print: string) => print.slice(0, print.lastIndexOf(";"));
