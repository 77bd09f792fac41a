import { createHash } from "node:crypto";

/**
 * R13: which cases a monthly sample takes, reproducibly: the population sorted by id, shuffled by a PRNG
 * seeded from the stored seed, the first `size` taken. Anyone with the seed and the population gets the
 * same sample — the auditor's check that it was drawn at random and not picked.
 */
export function drawSample(populationIds: readonly string[], seed: string, size: number): string[] {
  const ids = [...populationIds].sort();
  const random = mulberry32(createHash("sha256").update(seed).digest().readUInt32BE(0));
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids.slice(0, Math.min(size, ids.length));
}

/** How many to take under the policy's rule: a fixed number, or a percentage rounded up (at least one). */
export function sampleSize(rule: { rule: "count" | "percent"; value: number }, population: number): number {
  if (population === 0) return 0;
  const size = rule.rule === "count" ? Math.floor(rule.value) : Math.ceil((population * rule.value) / 100);
  return Math.max(1, Math.min(size, population));
}

/** A small, well-known 32-bit PRNG: enough to shuffle, and the same on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
