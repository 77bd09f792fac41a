import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { open, rename, rm, stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { AppError } from "../errors.js";

/**
 * R11: a Redress backup is one file — a magic line, a JSON manifest line, then the database snapshot
 * (PGlite's data directory as tar.gz, or pg_dump's custom format). The manifest carries the payload's size
 * and SHA-256 and the row counts at backup time, so a truncated, damaged or foreign file is refused before
 * anything is touched, and `--verify` can compare what comes back with what went in.
 */
export const MAGIC = "REDRESS-BACKUP 1";
const HEADER_LIMIT = 1024 * 1024;

export type Engine = "pglite" | "postgres";

export interface BackupManifest {
  engine: Engine;
  createdAt: string;
  /** Applied migrations (drizzle's journal) at backup time: a newer Redress migrates forward on start. */
  migrations: number;
  counts: Record<string, number>;
  payload: { format: "pgdata.tar.gz" | "pg_dump.custom"; bytes: number; sha256: string };
}

export interface BackupHeader {
  manifest: BackupManifest;
  payloadOffset: number;
  fileBytes: number;
}

export function backupProblem(detail: string): AppError {
  return new AppError("bad_backup", 400, detail);
}

/** Writes header and payload to `<file>.partial`, then renames: a half-written backup never has the real name. */
export async function writeBackupFile(
  file: string,
  manifest: Omit<BackupManifest, "payload"> & { payload: Pick<BackupManifest["payload"], "format"> },
  payload: Uint8Array | { path: string },
): Promise<BackupManifest> {
  const partial = `${file}.partial`;
  const hash = createHash("sha256");
  let bytes = 0;
  if (payload instanceof Uint8Array) {
    hash.update(payload);
    bytes = payload.byteLength;
  } else {
    for await (const chunk of createReadStream(payload.path)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).byteLength;
    }
  }
  const full: BackupManifest = {
    ...manifest,
    payload: { ...manifest.payload, bytes, sha256: hash.digest("hex") },
  };
  const out = createWriteStream(partial);
  try {
    await new Promise<void>((resolve, reject) =>
      out.write(`${MAGIC}\n${JSON.stringify(full)}\n`, (e) => (e ? reject(e) : resolve())),
    );
    if (payload instanceof Uint8Array) {
      await new Promise<void>((resolve, reject) => out.end(payload, () => resolve()).on("error", reject));
    } else {
      await pipeline(createReadStream(payload.path), out);
    }
    await rename(partial, file);
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  return full;
}

/** Reads and checks the header: the magic line, a manifest that makes sense, a payload of the right size. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  let fileBytes: number;
  try {
    fileBytes = (await stat(file)).size;
  } catch {
    throw backupProblem(`cannot read ${file}: no such file`);
  }
  const handle = await open(file, "r");
  const head = Buffer.alloc(Math.min(HEADER_LIMIT, fileBytes));
  try {
    await handle.read(head, 0, head.byteLength, 0);
  } finally {
    await handle.close();
  }
  const first = head.indexOf(10);
  if (first < 0 || head.subarray(0, first).toString("latin1") !== MAGIC) {
    throw backupProblem(
      `${file} is not a Redress backup (it does not start with "${MAGIC}"); give a file made by \`redress backup\``,
    );
  }
  const second = head.indexOf(10, first + 1);
  if (second < 0) throw backupProblem(`${file} is cut short: its manifest is incomplete`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(head.subarray(first + 1, second).toString("utf8")) as BackupManifest;
  } catch {
    throw backupProblem(`${file} has a damaged manifest; it cannot be restored`);
  }
  if (!["pglite", "postgres"].includes(manifest.engine) || !manifest.payload?.sha256 || !manifest.counts) {
    throw backupProblem(`${file} has a manifest this Redress does not understand`);
  }
  const payloadOffset = second + 1;
  const actual = fileBytes - payloadOffset;
  if (actual !== manifest.payload.bytes) {
    throw backupProblem(
      `${file} is ${actual < manifest.payload.bytes ? "truncated" : "longer than it should be"}: ` +
        `the database part has ${actual} bytes, the manifest says ${manifest.payload.bytes}; use another backup`,
    );
  }
  return { manifest, payloadOffset, fileBytes };
}

function payloadStream(file: string, header: BackupHeader) {
  return createReadStream(file, { start: header.payloadOffset });
}

/** The payload's SHA-256 against the manifest: a damaged file is refused, whatever its size. */
export async function checkPayload(file: string, header: BackupHeader): Promise<void> {
  const hash = createHash("sha256");
  if (header.manifest.payload.bytes > 0) {
    for await (const chunk of payloadStream(file, header)) hash.update(chunk as Buffer);
  }
  if (hash.digest("hex") !== header.manifest.payload.sha256) {
    throw backupProblem(`${file} is damaged: its database part does not match the SHA-256 in its manifest`);
  }
}

export async function readPayload(file: string, header: BackupHeader): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of payloadStream(file, header)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function copyPayloadTo(file: string, header: BackupHeader, target: string): Promise<void> {
  await pipeline(payloadStream(file, header), createWriteStream(target));
}
