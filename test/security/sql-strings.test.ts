// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the texts below quote source code that uses template strings.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

/**
 * SQL built from strings, each justified: what goes into the string never comes from a request. Every
 * other place passes values as parameters (Drizzle's sql`` tag, query builders). A new string-built
 * statement fails the test below until it is rewritten with parameters or justified here.
 */
const ALLOWED: { file: string; text: string; why: string }[] = [
  {
    file: "src/server/cases/cases.rows.ts",
    text: "sql.raw(fields.map",
    why: "column names read from the Drizzle table definition (getTableColumns), never from input",
  },
  {
    file: "src/server/cases/cases.rows.ts",
    text: "sql.raw(names.join",
    why: "column names looked up in the table definition by key; unknown keys are dropped before this",
  },
  {
    file: "src/server/cases/cases.rows.ts",
    text: "sql.raw(names.map",
    why: "the same column names, prefixed with an alias that is a constant in the calling code",
  },
  {
    file: "src/server/backup/backup.service.ts",
    text: "sql.raw(COUNTS_SQL)",
    why: "a constant statement counting the app's own tables",
  },
  {
    file: "src/server/backup/backup.service.ts",
    text: "admin.query(`CREATE DATABASE",
    why: "CREATE DATABASE takes no parameters; the name is the operator's scratch URL plus random hex",
  },
  {
    file: "src/server/backup/backup.service.ts",
    text: "admin.query(`DROP DATABASE",
    why: "the scratch database this function created a moment before (name as above)",
  },
  {
    file: "src/server/reports/reports.regulatory.queries.ts",
    text: "sql.raw(column)",
    why: 'a column expression passed by the report\'s own code ("c.received_at"), never from input',
  },
  {
    file: "src/server/reports/reports.cases.queries.ts",
    text: "sql.raw(flag)",
    why: "column names of the report's own CTE, constants at the call sites",
  },
  {
    file: "src/server/reports/reports.cases.queries.ts",
    text: "sql.raw(minutes)",
    why: "as above",
  },
  {
    file: "src/server/reports/reports.cases.queries.ts",
    text: "sql.raw(outcome)",
    why: "as above",
  },
  {
    file: "src/server/reports/reports.cases.queries.ts",
    text: "sql.raw(`c.${column}`)",
    why: "a cases column named by the report's code (received_at, closed_at …), never from input",
  },
  {
    file: "src/server/reports/reports.cases.queries.ts",
    text: "sql.raw(`date_part('epoch', c.${column})`)",
    why: "as above",
  },
  {
    file: "src/server/reports/reports.cases.queries.ts",
    text: "sql.raw(`s.e_${column}`)",
    why: "columns of the report's own CTE, suffixes named in code",
  },
  {
    file: "src/server/reports/reports.cases.queries.ts",
    text: "sql.raw(`width_bucket(date_part('epoch', c.${column}), tl.opens)`)",
    why: "as above",
  },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "web" ? [] : sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** The text between the call's parentheses (strings and nesting respected, across lines). */
function argumentOf(text: string, open: number): string {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

const PLAIN_LITERAL = /^\s*(?:"[^"]*"|'[^']*'|`[^`$]*`)\s*,?\s*$/;

/** Calls that run SQL from a string: sql.raw with anything but a plain literal; a driver's query/exec with a built string. */
function stringBuiltSql(text: string): { line: number; code: string }[] {
  const found: { line: number; code: string }[] = [];
  for (const match of text.matchAll(/\bsql\.raw\(|\.(?:query|execute|exec|unsafe)\(/g)) {
    const open = match.index! + match[0].length - 1;
    const argument = argumentOf(text, open);
    const raw = match[0].startsWith("sql.raw");
    const built = raw
      ? !PLAIN_LITERAL.test(argument)
      : /^\s*`[^`]*\$\{/.test(argument) ||
        /^\s*(["'`]).*\1\s*\+/.test(argument) ||
        /\+\s*["'`]/.test(argument);
    if (built) {
      const line = text.slice(0, match.index).split("\n").length;
      found.push({ line, code: text.split("\n")[line - 1]!.trim() });
    }
  }
  return found;
}

describe("SQL only through parameters", () => {
  const files = sourceFiles(join(ROOT, "src"));
  const hits = files.flatMap((path) => {
    const file = relative(ROOT, path);
    return stringBuiltSql(readFileSync(path, "utf8")).map((hit) => ({ file, ...hit }));
  });

  it("builds no SQL from strings outside the justified list", () => {
    const unexplained = hits.filter(
      (hit) => !ALLOWED.some((a) => a.file === hit.file && hit.code.includes(a.text)),
    );
    expect(unexplained.map((h) => `${h.file}:${h.line}: ${h.code}`)).toEqual([]);
  });

  it("keeps the justified list honest: every entry still matches code", () => {
    const stale = ALLOWED.filter(
      (a) => !hits.some((hit) => hit.file === a.file && hit.code.includes(a.text)),
    );
    expect(stale).toEqual([]);
  });

  it("catches the shapes it is meant to catch", () => {
    const bad = [
      "db.execute(sql.raw(`SELECT * FROM cases WHERE reference = '${ref}'`))",
      "client.query(`DELETE FROM users WHERE id = ${id}`)",
      "client.query('SELECT ' + column + ' FROM cases')",
      'pglite.exec("SELECT " + x)',
    ];
    for (const code of bad) expect([code, stringBuiltSql(code).length]).toEqual([code, 1]);
    const good = [
      "db.execute(sql`SELECT * FROM cases WHERE reference = ${ref}`)",
      'sql.raw("c.received_at")',
      'client.query("SELECT 1")',
    ];
    for (const code of good) expect([code, stringBuiltSql(code).length]).toEqual([code, 0]);
  });
});
