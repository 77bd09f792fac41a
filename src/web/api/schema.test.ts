import { describe, expect, it } from "vitest";
import { generateApiTypes, readApiTypes } from "../../../scripts/api-types.js";

describe("the web app's API types (src/web/api/schema.d.ts)", () => {
  it("match the OpenAPI document the server builds now; run `npm run api:types` when this fails", async () => {
    expect(readApiTypes() === (await generateApiTypes())).toBe(true);
  });
});
