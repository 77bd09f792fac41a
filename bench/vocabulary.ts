import { readFileSync } from "node:fs";

/**
 * The words seeded cases and benchmark requests are made of. `WORDS` (bench/words.txt, ~2,000 English
 * words, most common first) feeds descriptions through a Zipf-like draw, so full-text search meets a few
 * very common words and a long tail of rare ones, as in real complaints.
 */
export const WORDS: readonly string[] = [
  ...new Set(
    readFileSync(new URL("./words.txt", import.meta.url), "utf8")
      .split("\n")
      .filter((line) => !line.startsWith("#"))
      .flatMap((line) => line.split(/\s+/))
      .filter(Boolean),
  ),
];

/** bench/lists.txt: `[section]` lines, then the section's items separated by commas. */
function readLists(): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  let items: string[] = [];
  for (const raw of readFileSync(new URL("./lists.txt", import.meta.url), "utf8").split("\n")) {
    const line = raw.trim();
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      items = [];
      lists.set(section[1]!, items);
    } else if (line && !line.startsWith("#")) {
      for (const item of line.split(",")) if (item.trim()) items.push(item.trim());
    }
  }
  return lists;
}

const LISTS = readLists();
function list(name: string): readonly string[] {
  const items = LISTS.get(name);
  if (!items?.length) throw new Error(`bench/lists.txt has no [${name}] section`);
  return items;
}

/** What complaints are about: the start of every summary. */
export const SUMMARY_PHRASES = list("summary phrases");
export const PRODUCTS = list("products");
export const CATEGORIES = list("categories");
export const REMEDIES = list("remedies");
export const FIRST_NAMES = list("first names");
export const LAST_NAMES = list("last names");
export const EMAIL_DOMAINS = list("email domains");

/** `{ a: 3, b: 1 }` → ["a", "a", "a", "b"]: an array to draw from uniformly with the given weights. */
export function weighted<T extends string>(weights: Record<T, number>): T[] {
  return (Object.entries(weights) as [T, number][]).flatMap(([value, weight]) =>
    Array<T>(weight).fill(value),
  );
}

export const CHANNEL_MIX = weighted({ email: 35, phone: 25, web: 25, in_person: 5, letter: 5, api: 5 });
export const SEVERITY_MIX = weighted({ low: 34, medium: 40, high: 18, critical: 4, none: 4 });

export const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** A Zipf-like rank in 1..n (P(k) ≈ 1/k); the SQL seed uses the same formula. */
export function zipfRank(n: number): number {
  return Math.min(n, Math.floor(Math.exp(Math.random() * Math.log(n + 1))));
}

export function randomWords(count: number): string {
  return Array.from({ length: count }, () => WORDS[zipfRank(WORDS.length) - 1]).join(" ");
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A summary and a description like the seeded ones, for cases created during the benchmark. */
export function complaintText(): { summary: string; description: string } {
  const phrase = pick(SUMMARY_PHRASES);
  const product = pick(PRODUCTS);
  return {
    summary: `${capitalise(phrase)}: ${product}`,
    description: `Customer reports ${phrase} (${product}). ${capitalise(randomWords(15 + Math.floor(Math.random() * 50)))}.`,
  };
}

/** Search terms for the read benchmark: a word in many cases, one in some, one in few. */
export const SEARCH_TERMS = {
  common: "refund",
  mid: WORDS[150]!,
  rare: WORDS[WORDS.length - 30]!,
};
