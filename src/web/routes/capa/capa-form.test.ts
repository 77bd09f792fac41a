import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { capaPatch, capaValues, createCapaBody, parseReferences } from "./capa-form";
import { parseCapaSearch } from "./capa-search";

const capa = {
  reference: "CAPA-2026-0001",
  title: "Courier training",
  description: null,
  ownerId: null,
  dueDate: "2026-05-01",
  effectivenessCheckDate: "2026-06-01",
  rootCauseCategory: "Supplier",
  rootCause: null,
  lessonsLearned: null,
} as unknown as Schemas["Capa"];

describe("the CAPA form", () => {
  it.each([
    ["cmp-2026-000042, CMP-2026-000051", ["CMP-2026-000042", "CMP-2026-000051"]],
    ["CMP-2026-000042\nINC-2026-000003 ;  CMP-2026-000042", ["CMP-2026-000042", "INC-2026-000003"]],
    ["  ", []],
  ])("reads the references %j", (text, refs) => {
    expect(parseReferences(text)).toEqual(refs);
  });

  it("starts a new CAPA with the cases it is raised from", () => {
    expect(capaValues(undefined, ["CMP-2026-000042"]).caseReferences).toBe("CMP-2026-000042");
  });

  it("sends a new CAPA without the optional fields left empty", () => {
    const values = {
      ...capaValues(undefined, ["CMP-2026-000042"]),
      title: " Retrain couriers ",
      dueDate: "2026-05-01",
      rootCause: "  ",
      rootCauseCategory: "Supplier",
    };
    expect(createCapaBody(values)).toEqual({
      title: "Retrain couriers",
      caseReferences: ["CMP-2026-000042"],
      dueDate: "2026-05-01",
      rootCauseCategory: "Supplier",
    });
  });

  it("patches only what changed", () => {
    const values = {
      ...capaValues(capa),
      title: "Courier training",
      dueDate: "2026-05-15",
      lessonsLearned: "Ask early",
    };
    expect(capaPatch(capa, values)).toEqual({ dueDate: "2026-05-15", lessonsLearned: "Ask early" });
    expect(capaPatch(capa, capaValues(capa))).toEqual({});
  });
});

describe("the CAPA register's search", () => {
  it("keeps the filters the API takes and drops the rest", () => {
    expect(parseCapaSearch({ status: "implemented", owner: "me", due: "check", page: "2" })).toEqual({
      status: "implemented",
      owner: "me",
      due: "check",
    });
    expect(parseCapaSearch({ status: "done", owner: "someone", due: "soon" })).toEqual({});
  });
});
