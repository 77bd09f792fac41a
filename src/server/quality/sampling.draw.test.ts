import { describe, expect, it } from "vitest";
import { drawSample, sampleSize } from "./sampling.draw.js";

const ids = Array.from({ length: 100 }, (_, i) => `00000000-0000-7000-8000-${String(i).padStart(12, "0")}`);

describe("quality sample draw (R13)", () => {
  it("draws the same sample from the same seed and population, whatever order the population comes in", () => {
    const a = drawSample(ids, "seed-1", 10);
    expect(drawSample([...ids].reverse(), "seed-1", 10)).toEqual(a);
    expect(new Set(a).size).toBe(10);
    expect(a.every((id) => ids.includes(id))).toBe(true);
  });

  it("draws a different sample from another seed", () => {
    expect(drawSample(ids, "seed-2", 10)).not.toEqual(drawSample(ids, "seed-1", 10));
  });

  it("takes everyone when the population is smaller than the size", () => {
    expect(drawSample(ids.slice(0, 3), "s", 10).sort()).toEqual(ids.slice(0, 3));
  });

  it.each([
    [{ rule: "count", value: 10 }, 100, 10],
    [{ rule: "count", value: 10 }, 4, 4],
    [{ rule: "percent", value: 5 }, 100, 5],
    [{ rule: "percent", value: 5 }, 101, 6],
    [{ rule: "percent", value: 5 }, 3, 1],
    [{ rule: "count", value: 10 }, 0, 0],
  ] as const)("sizes %o of %i as %i", (rule, population, size) => {
    expect(sampleSize(rule, population)).toBe(size);
  });
});
