import type { CaseView, CreateCaseInput } from "../src/shared/cases.schema.js";
import type { TestApp, TestUser } from "./harness.js";

let counter = 0;

export function caseInput(overrides: Partial<CreateCaseInput> = {}): CreateCaseInput {
  counter += 1;
  return {
    type: "complaint",
    channel: "phone",
    customer: { name: `Customer ${counter}`, email: `customer${counter}-${process.pid}@example.com` },
    summary: `Parcel ${counter} arrived damaged`,
    description: "The box was crushed and the vase inside broken.",
    ...overrides,
  };
}

/** Logs a case through the API and returns it (fails the test on a non-201). */
export async function makeCase(
  t: TestApp,
  as: TestUser,
  overrides: Partial<CreateCaseInput> = {},
): Promise<CaseView> {
  const res = await t.request({ method: "POST", url: "/api/v1/cases", as, payload: caseInput(overrides) });
  if (res.statusCode !== 201) throw new Error(`makeCase: ${res.statusCode} ${res.body}`);
  return res.json();
}
