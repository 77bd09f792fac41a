import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { buildApp } from "../src/server/app.js";
import { systemActor } from "../src/server/context.js";
import { openDatabase, queryRows } from "../src/server/db/client.js";
import { runAutoArchive } from "../src/server/records/archive.service.js";
import { listCasesPastRetention } from "../src/server/records/disposal.service.js";
import { SettingsStore } from "../src/server/settings/settings.service.js";
import { makeCase } from "./factories.js";
import { createTestApp } from "./harness.js";
import { makeCrew } from "./lifecycle.js";
import { closeCase } from "./records.js";

const url = process.env.TEST_DATABASE_URL;

/** R10 on several instances sharing one PostgreSQL: archiving and disposal happen exactly once. */
describe.runIf(url)("records work across instances", () => {
  it("archives each due case once and disposes of an approved batch once when two instances race", async () => {
    const t = await createTestApp();
    const other = await openDatabase({ databaseUrl: t.url!, dataDir: "" });
    const second = await buildApp({
      ...t.app.deps,
      database: other,
      db: other.db,
      settings: new SettingsStore(),
    });
    try {
      const crew = await makeCrew(t);
      const records = await t.user(["records"]);
      const references: string[] = [];
      for (let i = 0; i < 12; i++)
        references.push((await closeCase(t, crew, (await makeCase(t, crew.agent)).reference)).reference);

      t.clock.set("2026-04-10T10:00:00Z");
      const first = t.ctx(systemActor("scheduler"));
      const twin = { ...first, db: other.db, settings: new SettingsStore() };
      const [a, b] = await Promise.all([runAutoArchive(first, 3), runAutoArchive(twin, 3)]);
      expect(a.archived + b.archived).toBe(12);
      const [archived] = await queryRows<{ entries: number; cases: number }>(
        t.db,
        sql`SELECT count(*)::int AS entries, count(DISTINCT case_id)::int AS cases FROM archive_register`,
      );
      expect(archived).toEqual({ entries: 12, cases: 12 });

      t.clock.set("2032-03-03T10:00:00Z");
      const [l1, l2] = await Promise.all([listCasesPastRetention(first), listCasesPastRetention(twin)]);
      expect(l1.listed + l2.listed).toBe(12);
      const approve = (app: typeof t.app) =>
        app.inject({
          method: "POST",
          url: "/api/v1/records/disposals",
          headers: records.headers,
          payload: { references, reason: "retention schedule" },
        });
      const answers = await Promise.all([approve(t.app), approve(second)]);
      expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      expect(answers.find((r) => r.statusCode === 409)!.json().detail).toContain("already disposed of");
      const [disposed] = await queryRows<{ n: number }>(
        t.db,
        sql`SELECT count(*)::int AS n FROM disposal_register`,
      );
      expect(disposed!.n).toBe(12);
    } finally {
      await second.close();
      await other.close();
      await t.close();
    }
  });
});
