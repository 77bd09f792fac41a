import { z } from "zod";

/** Free text that must say something: trimmed, not empty, bounded. */
export const text = (max: number) => z.string().trim().min(1).max(max);

/** An optional field may be left out or sent as null. */
export const optional = <T extends z.ZodType>(schema: T) => schema.nullish();

export const isoDateTime = z.iso.datetime({ offset: true });

export const idParams = z.strictObject({ id: z.uuid() });

/** Query parameters: `?status=` (empty) means the same as leaving `status` out. */
export function queryObject<T extends z.ZodRawShape>(shape: T) {
  return z.preprocess(
    (query) =>
      query && typeof query === "object"
        ? Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ""))
        : query,
    z.strictObject(shape),
  );
}
