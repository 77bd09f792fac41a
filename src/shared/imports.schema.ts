import { z } from "zod";
import { fileParts } from "./attachments.schema.js";
import { optional } from "./common.schema.js";
import { CHANNELS } from "./enums.js";

/** A form field that means yes or no ("true", "1", "yes" / "false", "0", "no"). */
const flag = z.preprocess(
  (v) => (typeof v === "string" ? ["true", "1", "yes", "on"].includes(v.trim().toLowerCase()) : v),
  z.boolean(),
);

/**
 * R2: an admin uploads a legacy complaint log (multipart/form-data) in the S0 columns, or maps other
 * headings onto them (`mapping`: "Date=Received On,Customer Name=Client" or a JSON object).
 */
export const importFormSchema = z.strictObject({
  file: fileParts.max(1, "import one file at a time"),
  dryRun: optional(flag),
  skipBad: optional(flag),
  dateOrder: optional(z.enum(["auto", "dmy", "mdy"])),
  channel: optional(z.enum(CHANNELS)),
  mapping: optional(z.string().max(2_000)),
});

export const IMPORT_OUTCOMES = [
  "imported",
  "would import",
  "already imported",
  "bad",
  "skipped (bad)",
] as const;

export const importReportSchema = z
  .object({
    importId: z.uuid(),
    dryRun: z.boolean(),
    file: z.object({
      name: z.string(),
      sha256: z.string(),
      kind: z.enum(["csv", "xlsx"]),
      rows: z.number().int(),
      emptyRows: z.number().int(),
    }),
    dateOrder: z.enum(["dmy", "mdy"]).describe("how numeric dates such as 01/02/2024 were read"),
    counts: z.object({
      imported: z.number().int().describe("imported now (or, in a dry run, that would be)"),
      alreadyImported: z.number().int(),
      bad: z.number().int(),
    }),
    rows: z.array(
      z.object({
        row: z.number().int().describe("the line (CSV) or row (XLSX) in the file"),
        outcome: z.enum(IMPORT_OUTCOMES),
        reference: z.string().nullable(),
        reason: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: "ImportReport" });
export type ImportReport = z.infer<typeof importReportSchema>;
