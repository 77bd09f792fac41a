import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../harness.js";
import { PDF } from "../records.js";

/** R7: a customer's link opens that case only; a token for case A never reveals or changes case B. */
describe("public case links", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const complain = async (summary: string) => {
    const res = await t.request({
      method: "POST",
      url: "/api/v1/public/complaints",
      payload: { name: summary, email: `${summary}@example.com`, summary, description: `About ${summary}` },
    });
    const { reference, link } = res.json();
    return { reference: reference as string, token: (link as string).split("/").at(-1)! };
  };

  it("shows, files and confirms on the token's own case only", async () => {
    const a = await complain("alpha");
    const b = await complain("bravo");
    const upload = (token: string) => {
      const data = new FormData();
      data.append("file", new Blob([PDF], { type: "application/pdf" }), "receipt.pdf");
      return t.request({ method: "POST", url: `/api/v1/public/cases/${token}/attachments`, payload: data });
    };
    expect((await upload(b.token)).statusCode).toBe(201);
    const viewB = (await t.request({ method: "GET", url: `/api/v1/public/cases/${b.token}` })).json();
    const fileOfB = viewB.attachments[0].id as string;

    const viewA = await t.request({ method: "GET", url: `/api/v1/public/cases/${a.token}` });
    expect(viewA.json().reference).toBe(a.reference);
    expect(viewA.body).not.toContain(b.reference);
    expect(viewA.body).not.toContain("bravo");
    const cross = await t.request({
      method: "GET",
      url: `/api/v1/public/cases/${a.token}/attachments/${fileOfB}`,
    });
    expect(cross.statusCode).toBe(404);
    const page = await t.request({ method: "GET", url: `/public/case/${a.token}` });
    expect(page.body).not.toContain(b.reference);

    const message = await t.request({
      method: "POST",
      url: `/api/v1/public/cases/${a.token}/messages`,
      payload: { message: "for alpha" },
    });
    expect(message.statusCode).toBe(201);
    expect((await t.request({ method: "GET", url: `/api/v1/public/cases/${b.token}` })).body).not.toContain(
      "for alpha",
    );
  });

  it("answers a wrong, altered or malformed token with the same 404 as no case at all", async () => {
    const { token } = await complain("charlie");
    const altered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    const answers = await Promise.all(
      [altered, "x", "A".repeat(43), `${token}x`].map((bad) =>
        t.request({ method: "GET", url: `/api/v1/public/cases/${bad}` }),
      ),
    );
    for (const res of answers) {
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe(answers[0]!.json().code);
    }
  });
});
