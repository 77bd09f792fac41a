import { eq } from "drizzle-orm";
import { hashSecret, newSecret } from "../auth/secrets.js";
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import { caseLinks } from "../db/schema/index.js";

/** A new link to a case for its customer: `${REDRESS_PUBLIC_URL}/public/case/<token>`. */
export async function issueCaseLink(
  db: Db,
  caseId: string,
  now: Date,
  config: Config,
): Promise<{ token: string; url: string }> {
  const token = newSecret();
  await db.insert(caseLinks).values({ tokenHash: hashSecret(token), caseId, createdAt: now });
  return { token, url: `${config.publicUrl}/public/case/${token}` };
}

/** The case a link opens, or undefined (a wrong, malformed or unknown token looks the same). */
export async function caseIdOfLink(db: Db, token: string, now: Date): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]{40,64}$/.test(token)) return undefined;
  const [row] = await db
    .update(caseLinks)
    .set({ lastUsedAt: now })
    .where(eq(caseLinks.tokenHash, hashSecret(token)))
    .returning({ caseId: caseLinks.caseId });
  return row?.caseId;
}
