import { AppError } from "../errors.js";

/** Keyset cursor: the sort key of the last row of a page, opaque to clients. */
export function encodeCursor(row: { receivedAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.receivedAt.toISOString(), row.id])).toString("base64url");
}

export function decodeCursor(cursor: string): { receivedAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const receivedAt = new Date(at);
    if (Number.isNaN(receivedAt.getTime()) || typeof id !== "string" || !/^[0-9a-f-]{36}$/.test(id)) throw 0;
    return { receivedAt, id };
  } catch {
    throw new AppError("bad_cursor", 400, "cursor is not one this API gave out; start again without it", {
      errors: [{ field: "query.cursor", message: "is not a cursor from a previous page" }],
    });
  }
}
