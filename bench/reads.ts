import { log, request, runSequential } from "./load.js";
import type { Sample } from "./seed.js";
import type { BenchServer } from "./server.js";
import type { ReadResult } from "./types.js";
import { pick, SEARCH_TERMS } from "./vocabulary.js";

const WARM_UP = 20;

interface Read {
  name: string;
  /** For searches: the words, to count the cases they match. */
  q?: string;
  /** The path as shown in the report (placeholders in braces). */
  shown: string;
  /** The path of one request. */
  path: () => string;
}

function reads(sample: Sample, secondPageCursor: string): Read[] {
  const ref = () => encodeURIComponent(pick(sample.references));
  const list = "/api/v1/cases?limit=50";
  return [
    { name: "list", shown: list, path: () => list },
    { name: "list: open", shown: `${list}&status=open`, path: () => `${list}&status=open` },
    {
      name: "list: owner",
      shown: `${list}&owner={staff id}`,
      path: () => `${list}&owner=${pick(sample.staffIds)}`,
    },
    {
      name: "list: channel + severity",
      shown: `${list}&channel=email&severity=high`,
      path: () => `${list}&channel=email&severity=high`,
    },
    { name: "list: level 3", shown: `${list}&level=3`, path: () => `${list}&level=3` },
    {
      name: "list: second page",
      shown: `${list}&cursor={first page's nextCursor}`,
      path: () => `${list}&cursor=${encodeURIComponent(secondPageCursor)}`,
    },
    ...Object.entries(SEARCH_TERMS).map(([kind, word]) => ({
      name: `search: ${kind} word`,
      q: word,
      shown: `${list}&q=${word}`,
      path: () => `${list}&q=${encodeURIComponent(word)}`,
    })),
    { name: "case page", shown: "/api/v1/cases/{reference}", path: () => `/api/v1/cases/${ref()}` },
    {
      name: "history",
      shown: "/api/v1/cases/{reference}/history",
      path: () => `/api/v1/cases/${encodeURIComponent(pick(sample.created))}/history`,
    },
    {
      name: "similar",
      shown: "/api/v1/cases/{reference}/similar",
      path: () => `/api/v1/cases/${ref()}/similar`,
    },
  ];
}

/** (c) One client, `count` timed requests of each read after a warm-up: latency percentiles. */
export async function benchReads(server: BenchServer, sample: Sample, count: number): Promise<ReadResult[]> {
  const get = <T>(path: string) => request<T>(`${server.baseUrl}${path}`, { headers: server.headers });
  const first = await get<{ nextCursor: string | null }>("/api/v1/cases?limit=50");
  if (!first.nextCursor) throw new Error("the case list has a single page: seed more cases");
  if (sample.created.length === 0) throw new Error("no case was created through the API: no history to read");
  const results: ReadResult[] = [];
  for (const read of reads(sample, first.nextCursor)) {
    const stats = await runSequential(count, WARM_UP, () => get(read.path()));
    const matches = read.q === undefined ? undefined : await countMatches(server, read.q);
    results.push({
      name: read.name,
      path: read.shown,
      ...stats,
      ...(matches === undefined ? {} : { matches }),
    });
    log(
      `  ${read.name.padEnd(26)} p50 ${stats.p50} ms, p95 ${stats.p95} ms, p99 ${stats.p99} ms, ${stats.errors} errors`,
    );
  }
  return results;
}

async function countMatches(server: BenchServer, q: string): Promise<number> {
  const [row] = await server.sql.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM cases WHERE search @@ websearch_to_tsquery('english', $1)",
    [q],
  );
  return Number(row?.n ?? 0);
}
