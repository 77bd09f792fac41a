import { describe, expect, it } from "vitest";
import { DEFAULT_TEMPLATES } from "./templates.defaults.js";
import { renderTemplate, TEMPLATE_KEYS, templateProblems } from "./templates.js";

describe("message templates (R7)", () => {
  it.each(TEMPLATE_KEYS)("ships a valid default for %s", (key) => {
    expect(templateProblems(DEFAULT_TEMPLATES[key])).toEqual([]);
  });

  it("fills merge fields, escaping them in HTML only", () => {
    const out = renderTemplate(DEFAULT_TEMPLATES.acknowledgment, {
      "customer.name": "Tom & Jerry <Ltd>",
      "case.reference": "CMP-2026-000042",
      "deadlines.resolve": "Monday 9 March 2026, 17:00 GMT",
      link: "https://redress.example/public/case/abc",
    });
    expect(out.subject).toBe("We have received your complaint (CMP-2026-000042)");
    expect(out.text).toContain("Dear Tom & Jerry <Ltd>,");
    expect(out.text).toContain("by Monday 9 March 2026, 17:00 GMT");
    expect(out.html).toContain("Dear Tom &#38; Jerry &#60;Ltd&#62;,");
    expect(out.html).toContain('href="https://redress.example/public/case/abc"');
  });

  it("refuses a template with an unknown merge field, naming it and the part it is in", () => {
    const problems = templateProblems({
      subject: "Hi {{customer.nmae}}",
      text: "{{case.reference}}",
      html: "{{#x}}{{/x}}",
    });
    expect(problems).toEqual([
      { field: "subject", message: expect.stringContaining("{{customer.nmae}} is not a merge field") },
      { field: "html", message: expect.stringContaining("{{x}} is not a merge field") },
    ]);
  });

  it("refuses a template that does not parse", () => {
    expect(templateProblems({ subject: "{{#case.reference}}", text: "", html: "" })[0]).toMatchObject({
      field: "subject",
    });
  });
});
