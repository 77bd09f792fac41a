import { startServer } from "../../server/main.js";
import type { Command } from "../main.js";

export const startCommand: Command = {
  summary: "start the server (migrates first)",
  usage: "redress start",
  async run() {
    await startServer();
    return undefined;
  },
};
