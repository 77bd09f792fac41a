import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import pino from "pino";
import { systemClock } from "../../server/clock.js";
import { systemActor } from "../../server/context.js";
import { AppError } from "../../server/errors.js";
import { SettingsStore } from "../../server/settings/settings.service.js";
import { createUser } from "../../server/users/users.service.js";
import { ROLES, type Role } from "../../shared/enums.js";
import type { Command } from "../main.js";
import { withDatabase } from "./shared.js";

export const createUserCommand: Command = {
  summary: "create a staff user",
  usage: `redress create-user --email <email> --name <name> --roles <${ROLES.join("|")}>[,...] [--password <password>]
  Without --password a random one is made and printed once.`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        email: { type: "string" },
        name: { type: "string" },
        roles: { type: "string" },
        password: { type: "string" },
      },
      strict: true,
    });
    const roles = (values.roles ?? "")
      .split(",")
      .map((r) => r.trim())
      .filter(Boolean);
    const unknown = roles.filter((r) => !ROLES.includes(r as Role));
    if (!values.email || !values.name || roles.length === 0 || unknown.length) {
      console.error(
        unknown.length
          ? `redress create-user: unknown role(s) ${unknown.join(", ")}; choose from ${ROLES.join(", ")}`
          : "redress create-user: --email, --name and --roles are required",
      );
      return 2;
    }
    const password = values.password ?? randomBytes(12).toString("base64url");
    return withDatabase(async (database, config) => {
      const ctx = {
        db: database.db,
        actor: systemActor("cli"),
        clock: systemClock,
        log: pino({ level: "warn" }),
        config,
        settings: new SettingsStore(),
      };
      try {
        const user = await createUser(ctx, {
          email: values.email!,
          name: values.name!,
          password,
          roles: roles as Role[],
        });
        console.log(`created ${user.email} (${user.roles.join(", ")}), id ${user.id}`);
        if (!values.password) console.log(`password: ${password}  (shown only this once)`);
        return 0;
      } catch (error) {
        if (error instanceof AppError) {
          console.error(`redress create-user: ${error.detail}`);
          return 1;
        }
        throw error;
      }
    });
  },
};
