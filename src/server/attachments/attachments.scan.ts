import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import type { Ctx } from "../context.js";
import { AppError } from "../errors.js";
import type { CheckedFile } from "./attachments.content.js";

export type ScanOutcome =
  | { verdict: "clean" }
  | { verdict: "infected"; said: string }
  | { verdict: "unavailable"; why: string };

/** What the scanner printed, cut short: for the log, never for the client. */
const OUTPUT_KEPT = 2048;
const firstLine = (text: string) => text.trim().split("\n")[0]?.slice(0, 200) ?? "";

/**
 * Pipes the bytes to the scanner on stdin, without a shell. ClamAV's convention (clamscan, clamdscan):
 * exit 0 = clean, 1 = infected; every other exit, a signal, a spawn failure or the timeout = unavailable.
 */
export function runScanner(
  argv: readonly string[],
  bytes: Uint8Array,
  timeoutMs: number,
): Promise<ScanOutcome> {
  const [program, ...args] = argv;
  if (!program) return Promise.resolve({ verdict: "unavailable", why: "no command" });
  return new Promise((resolve) => {
    let output = "";
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: ScanOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(program, args, { shell: false }); // stdin, stdout, stderr: pipes
    } catch (error) {
      finish({ verdict: "unavailable", why: `could not start: ${(error as Error).message}` });
      return;
    }
    timer = setTimeout(() => {
      child.kill("SIGKILL");
      finish({ verdict: "unavailable", why: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    const keep = (chunk: Buffer) => {
      if (output.length < OUTPUT_KEPT) output += chunk.toString("utf8").slice(0, OUTPUT_KEPT - output.length);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    // A scanner that exits before reading everything closes the pipe: its exit code decides, not EPIPE.
    child.stdin.on("error", () => {});
    child.on("error", (error) =>
      finish({ verdict: "unavailable", why: `could not start: ${error.message}` }),
    );
    child.on("close", (code, signal) => {
      if (code === 0) finish({ verdict: "clean" });
      else if (code === 1) finish({ verdict: "infected", said: firstLine(output) });
      else
        finish({
          verdict: "unavailable",
          why: `${signal ? `ended by ${signal}` : `exit code ${code}`}: ${firstLine(output)}`,
        });
    });
    child.stdin.end(bytes);
  });
}

/**
 * Issue 9 item 5: with REDRESS_UPLOAD_SCAN_COMMAND set, a file is stored only once the scanner calls it
 * clean. Throws 422 `upload_infected` (naming the file) or 503 `upload_scan_unavailable`; each refusal is
 * logged by digest and size, never by name (file names are personal data).
 */
export async function scanFile(ctx: Pick<Ctx, "config" | "log">, file: CheckedFile): Promise<void> {
  const argv = ctx.config.uploadScanCommand;
  if (!argv) return;
  const outcome = await runScanner(argv, file.bytes, ctx.config.uploadScanTimeoutMs);
  if (outcome.verdict === "clean") return;
  const facts = { sha256: file.sha256, sizeBytes: file.sizeBytes, contentType: file.contentType };
  if (outcome.verdict === "infected") {
    ctx.log.warn(
      { ...facts, code: "upload_infected", scanner: outcome.said },
      "upload refused: the virus scanner reported it infected",
    );
    const detail = `${file.filename} was refused: the virus scanner reported it infected, so it was not stored; check the file on the sender's device, or send a clean copy (a PDF saved anew, for example)`;
    throw new AppError("upload_infected", 422, detail, { errors: [{ field: "file", message: detail }] });
  }
  ctx.log.error(
    { ...facts, code: "upload_scan_unavailable", why: outcome.why },
    "upload refused: the virus scanner did not answer (REDRESS_UPLOAD_SCAN_COMMAND)",
  );
  const detail = `${file.filename} was not stored: the virus scanner did not answer; try again later, or ask an administrator to check REDRESS_UPLOAD_SCAN_COMMAND`;
  throw new AppError("upload_scan_unavailable", 503, detail, {
    errors: [{ field: "file", message: detail }],
  });
}
