/**
 * R11: scheduled backups are kept in rotation — the newest `keepDaily` days, and the first backup of each
 * of the newest `keepMonthly` months. Pure: it only decides which of the files in the folder go.
 */
const NAME = /^redress-(\d{4})-(\d{2})-(\d{2})\.backup$/;

export const backupFileName = (day: string) => `redress-${day}.backup`;

export function backupsToDelete(names: readonly string[], keepDaily: number, keepMonthly: number): string[] {
  const dated = names
    .filter((name) => NAME.test(name))
    .sort()
    .reverse();
  const keep = new Set(dated.slice(0, keepDaily));
  const firstOfMonth = new Map<string, string>();
  // Newest first, so the last name seen for a month is that month's first backup.
  for (const name of dated) firstOfMonth.set(name.slice(8, 15), name);
  const months = [...firstOfMonth.entries()].sort(([a], [b]) => b.localeCompare(a)).slice(0, keepMonthly);
  for (const [, name] of months) keep.add(name);
  return dated.filter((name) => !keep.has(name)).reverse();
}
