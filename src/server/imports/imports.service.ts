import { createHash } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import type { Channel } from "../../shared/enums.js";
import type { ImportReport } from "../../shared/imports.schema.js";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { caseImports, users } from "../db/schema/index.js";
import { transact } from "../db/transact.js";
import { AppError } from "../errors.js";
import type { DateOrder } from "./imports.dates.js";
import { readSpreadsheet } from "./imports.read.js";
import { type ColumnMapping, checkRows, type LegacyRow, locateColumns } from "./imports.rows.js";
import { writeLegacyRows } from "./imports.write.js";

export interface ImportOptions {
  dryRun: boolean;
  skipBad: boolean;
  dateOrder: DateOrder | "auto";
  channel: Channel;
  mapping: ColumnMapping;
}

const IMPORT_LOCK = sql`hashtext('redress:legacy-import')`;

/** `Date=Received On,Customer Name=Client` or `{"Date": "Received On"}` → the mapping onto S0 columns. */
export function parseMapping(text: string | null | undefined): ColumnMapping {
  if (!text?.trim()) return {};
  const bad = () =>
    new AppError(
      "bad_mapping",
      400,
      'the mapping must read like "Date=Received On,Customer Name=Client" (S0 column=your heading)',
    );
  if (text.trim().startsWith("{")) {
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      if (Object.values(parsed).some((v) => typeof v !== "string")) throw bad();
      return parsed as ColumnMapping;
    } catch {
      throw bad();
    }
  }
  const mapping: Record<string, string> = {};
  for (const pair of text.split(",")) {
    const [column, heading] = pair.split("=").map((s) => s.trim());
    if (!column || !heading) throw bad();
    mapping[column] = heading;
  }
  return mapping as ColumnMapping;
}

/** Staff who can own a case, by lower-case name and email; a name two people share matches nobody. */
async function ownerIndex(db: Db): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.active, 1), sql`${users.roles} && ARRAY['agent', 'manager', 'senior']::text[]`));
  const index = new Map<string, string>();
  const shared = new Set<string>();
  for (const u of rows) {
    for (const key of [u.name.toLowerCase(), u.email.toLowerCase()]) {
      if (index.has(key)) shared.add(key);
      index.set(key, u.id);
    }
  }
  for (const key of shared) index.delete(key);
  return index;
}

async function importedKeys(db: Db, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 1000) {
    const rows = await db
      .select({ key: caseImports.rowKey })
      .from(caseImports)
      .where(inArray(caseImports.rowKey, keys.slice(i, i + 1000)));
    for (const r of rows) found.add(r.key);
  }
  return found;
}

/**
 * R2: imports a legacy complaint log (S0 columns, or mapped). A dry run says row by row what would happen
 * and writes nothing; a file with bad rows imports nothing and lists each with its reason (422), unless
 * `skipBad` imports the good ones; rows imported before (same values) are not imported again. One import
 * at a time (advisory lock), all of a file in one transaction.
 */
export async function importLegacyLog(
  ctx: Ctx,
  file: { name: string; bytes: Uint8Array },
  options: ImportOptions,
): Promise<ImportReport> {
  const sheet = await readSpreadsheet(file.bytes);
  const columns = locateColumns(sheet.header, options.mapping);
  const now = ctx.clock.now();
  const { policy, calendar } = await ctx.settings.current(ctx.db, now.getTime());
  const checked = checkRows(sheet, columns, {
    zone: calendar.body.timezone,
    dateOrder: options.dateOrder,
    now,
    phoneRegion: ctx.config.phoneRegion,
  });
  const importId = uuidv7();
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  const report = (imported: Set<string>, references: Map<number, string>, dryRun: boolean): ImportReport => {
    const bad = new Map(checked.bad.map((b) => [b.number, b.reason]));
    const good = new Map(checked.good.map((g) => [g.number, g]));
    const rows = sheet.rows.map(({ number }) => {
      const reason = bad.get(number);
      if (reason)
        return {
          row: number,
          outcome: options.skipBad ? ("skipped (bad)" as const) : ("bad" as const),
          reference: null,
          reason,
        };
      const row = good.get(number)!;
      if (imported.has(row.key))
        return { row: number, outcome: "already imported" as const, reference: null, reason: null };
      return {
        row: number,
        outcome: dryRun ? ("would import" as const) : ("imported" as const),
        reference: references.get(number) ?? null,
        reason: null,
      };
    });
    return {
      importId,
      dryRun,
      file: {
        name: file.name,
        sha256,
        kind: sheet.kind,
        rows: sheet.rows.length,
        emptyRows: sheet.emptyRows,
      },
      dateOrder: checked.dateOrder,
      counts: {
        imported: rows.filter((r) => r.outcome === "imported" || r.outcome === "would import").length,
        alreadyImported: rows.filter((r) => r.outcome === "already imported").length,
        bad: checked.bad.length,
      },
      rows,
    };
  };

  if (options.dryRun)
    return report(
      await importedKeys(
        ctx.db,
        checked.good.map((g) => g.key),
      ),
      new Map(),
      true,
    );
  if (checked.bad.length && !options.skipBad) {
    const refused = report(new Set(), new Map(), false);
    throw new AppError(
      "import_refused",
      422,
      `${checked.bad.length} row(s) cannot be imported, so nothing was imported: ${checked.bad
        .slice(0, 5)
        .map((b) => `row ${b.number}: ${b.reason}`)
        .join(
          "; ",
        )}${checked.bad.length > 5 ? "; …" : ""}. Fix them and import again, or import the good rows with --skip-bad`,
      { rows: refused.rows.filter((r) => r.outcome === "bad") },
    );
  }
  return transact(ctx, async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`);
    const imported = await importedKeys(
      tx,
      checked.good.map((g) => g.key),
    );
    const fresh: LegacyRow[] = checked.good.filter((g) => !imported.has(g.key));
    const references = await writeLegacyRows(tx, ctx, fresh, {
      importId,
      fileName: file.name,
      fileSha256: sha256,
      channel: options.channel,
      policy,
      calendar,
      owners: await ownerIndex(tx),
    });
    return report(imported, references, false);
  });
}
