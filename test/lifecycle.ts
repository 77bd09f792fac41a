import type { CaseView } from "../src/shared/cases.schema.js";
import type { TestApp, TestUser } from "./harness.js";

/** POSTs a lifecycle step; returns the raw response. */
export function act(
  t: TestApp,
  as: TestUser,
  reference: string,
  action: string,
  body: object = {},
  headers: Record<string, string> = {},
) {
  return t.request({
    method: "POST",
    url: `/api/v1/cases/${reference}/${action}`,
    as,
    payload: body,
    headers,
  });
}

/** Takes a step that must succeed and returns the updated case. */
export async function step(
  t: TestApp,
  as: TestUser,
  reference: string,
  action: string,
  body: object = {},
): Promise<CaseView> {
  const res = await act(t, as, reference, action, body);
  if (res.statusCode !== 200) throw new Error(`${action} on ${reference}: ${res.statusCode} ${res.body}`);
  return res.json();
}

export interface Crew {
  agent: TestUser;
  manager: TestUser;
  senior: TestUser;
}

/** Walks a case from new to resolved, as the procedure does. */
export async function resolveCase(
  t: TestApp,
  crew: Crew,
  reference: string,
  outcome = "upheld",
): Promise<CaseView> {
  await step(t, crew.agent, reference, "acknowledge");
  await step(t, crew.manager, reference, "assign", { ownerId: crew.agent.id });
  await step(t, crew.agent, reference, "start-investigation");
  return step(t, crew.agent, reference, "resolve", { outcome, resolution: "Refunded the delivery charge" });
}

/** An agent, a manager and a senior manager: the people one case passes through. */
export async function makeCrew(t: TestApp, names: Partial<Record<keyof Crew, string>> = {}): Promise<Crew> {
  return {
    agent: await t.user(["agent"], names.agent),
    manager: await t.user(["manager"], names.manager),
    senior: await t.user(["senior"], names.senior),
  };
}
