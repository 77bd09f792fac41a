// Inline SVG charts for the PDF: drawn here, so the report needs no script, font or file from the network.

export const SERIES_COLOURS = ["#1f4e79", "#8fb3d9", "#c8ccd2"] as const;

export interface BarGroup {
  label: string;
  values: (number | null)[];
}

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

const formatValue = (value: number) =>
  value.toLocaleString("en-GB", { maximumFractionDigits: value < 10 ? 1 : 0 });

/** An axis of about four steps of 1, 2 or 5 times a power of ten, reaching at or above `max`. */
function axis(max: number): { step: number; top: number } {
  if (max <= 0) return { step: 1, top: 4 };
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((v) => v >= rough)!;
  return { step, top: Math.ceil(max / step) * step };
}

/**
 * Horizontal grouped bars: one group per label, one bar per series (this month, previous, a year ago),
 * each bar labelled with its value. `width` in CSS pixels; the height follows from the number of groups.
 */
export function barChart(options: {
  groups: BarGroup[];
  series: string[];
  width?: number;
  unit?: string;
}): string {
  const { groups, series } = options;
  const width = options.width ?? 680;
  const labelWidth = 190;
  const barHeight = series.length > 1 ? 9 : 14;
  const groupGap = 9;
  const top = 22;
  const plotWidth = width - labelWidth - 48;
  const groupHeight = series.length * barHeight + groupGap;
  const height = top + groups.length * groupHeight + 24;
  const { step, top: max } = axis(Math.max(0, ...groups.flatMap((g) => g.values.map((v) => v ?? 0))));
  const x = (value: number) => labelWidth + (value / max) * plotWidth;
  const parts: string[] = [];
  series.forEach((name, i) => {
    const lx = labelWidth + i * 150;
    parts.push(
      `<rect x="${lx}" y="4" width="10" height="10" fill="${SERIES_COLOURS[i]}"/>`,
      `<text x="${lx + 14}" y="13" class="legend">${escapeHtml(name)}</text>`,
    );
  });
  for (let value = 0; value <= max + step / 2; value += step) {
    const tx = x(value);
    parts.push(
      `<line x1="${tx}" y1="${top - 2}" x2="${tx}" y2="${height - 20}" class="grid"/>`,
      `<text x="${tx}" y="${height - 6}" class="tick" text-anchor="middle">${formatValue(value)}${options.unit ?? ""}</text>`,
    );
  }
  groups.forEach((group, g) => {
    const gy = top + g * groupHeight;
    const label = group.label.length > 30 ? `${group.label.slice(0, 29)}…` : group.label;
    parts.push(
      `<text x="${labelWidth - 8}" y="${gy + (series.length * barHeight) / 2 + 4}" class="label" text-anchor="end">${escapeHtml(label)}</text>`,
    );
    group.values.forEach((value, s) => {
      const y = gy + s * barHeight;
      // Nothing to draw or label for none: a column of zeros would only be noise.
      if (value === null || value === 0) return;
      const w = Math.max(1, x(value) - labelWidth);
      parts.push(
        `<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight - 1}" fill="${SERIES_COLOURS[s]}"/>`,
        `<text x="${labelWidth + w + 4}" y="${y + barHeight - 2}" class="value">${formatValue(value)}</text>`,
      );
    });
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">${parts.join("")}</svg>`;
}
