import { AppError } from "../errors.js";

/** Keyset cursor of the registers (newest first): the last row's time and id, opaque to clients. */
export function encodeRegisterCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString("base64url");
}

export function decodeRegisterCursor(
  cursor: string | null | undefined,
): { at: Date; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || typeof id !== "string" || !/^[0-9a-f-]{36}$/.test(id)) throw 0;
    return { at: date, id };
  } catch {
    throw new AppError("bad_cursor", 400, "cursor is not one this API gave out; start again without it", {
      errors: [{ field: "query.cursor", message: "is not a cursor from a previous page" }],
    });
  }
}

/** The page and the cursor of the next one, from `limit + 1` rows. */
export function pageOf<T>(rows: T[], limit: number, key: (row: T) => { at: Date; id: string }) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeRegisterCursor(key(last).at, key(last).id) : null,
  };
}
