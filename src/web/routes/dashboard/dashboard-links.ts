// GET /api/v1/dashboard names the case-list query behind each number (`links`); these turn such an API
// address into the app's own list page with the same filters, so a click shows exactly the cases counted.
import { type CapaSearch, parseCapaSearch } from "../capa/capa-search";
import { type CaseListSearch, parseCaseListSearch } from "../case-list/case-list-search";

export type AppLink = { to: "/cases"; search: CaseListSearch } | { to: "/capas"; search: CapaSearch };

/** "/api/v1/cases?status=open,in_progress&level={level}" with {level: "2"} → the /cases page, level 2. */
export function appLink(apiLink: string, fill: Record<string, string> = {}): AppLink | undefined {
  const filled = apiLink.replace(/\{(\w+)\}/g, (whole, key: string) => fill[key] ?? whole);
  if (/\{\w+\}/.test(filled)) return undefined;
  const url = new URL(filled, "http://redress.invalid");
  const params = Object.fromEntries(url.searchParams);
  if (url.pathname === "/api/v1/cases") return { to: "/cases", search: parseCaseListSearch(params) };
  if (url.pathname === "/api/v1/capas") return { to: "/capas", search: parseCapaSearch(params) };
  return undefined;
}
