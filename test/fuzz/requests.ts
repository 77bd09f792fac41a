import fc from "fast-check";
import type { RouteAccess } from "../../src/server/http/access.js";
import { CONTENT_TYPES, mutateJson, mutationArbitrary, rawBodyArbitrary } from "./mutations.js";
import { arbitraryFor, type JsonSchema } from "./schema-arbitrary.js";

interface OpenApiParameter {
  in: "path" | "query" | "header";
  name: string;
  schema?: JsonSchema;
}
interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** One route to fuzz: from the route table (so none is skipped), with its OpenAPI operation when it has one. */
export interface Endpoint {
  method: string;
  url: string;
  pathParams: string[];
  operation: OpenApiOperation | undefined;
}

export function endpointsOf(routeTable: RouteAccess[], doc: OpenApiDocument): Endpoint[] {
  return routeTable.map((route) => {
    const openApiPath = route.url.replace(/:(\w+)/g, "{$1}");
    return {
      method: route.method,
      url: route.url,
      // `/*` (the web app's catch-all) takes any path: fuzzed as a parameter named "*".
      pathParams: [...route.url.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? "*"),
      operation: doc.paths[openApiPath]?.[route.method.toLowerCase()],
    };
  });
}

/** A path parameter: a known value from the run's pools (found objects) or a hostile literal. */
export type ParamChoice = { pool: number } | { literal: string; raw: boolean };

export type FuzzBody =
  | { kind: "none" }
  | { kind: "text"; text: string; contentType: string | undefined; valid: boolean }
  | { kind: "multipart"; parts: MultipartPart[]; boundary: string; brokenBoundary: boolean };

export interface MultipartPart {
  field: string;
  filename: string | undefined;
  type: string;
  content: string;
}

export interface FuzzRequest {
  endpoint: number;
  who: number;
  params: Record<string, ParamChoice>;
  query: [string, string][];
  body: FuzzBody;
}

const hostileSegment = fc.oneof(
  fc.constantFrom(
    { literal: "..", raw: false },
    { literal: "%2e%2e%2f", raw: true },
    { literal: "%ZZ", raw: true },
    { literal: "%00", raw: true },
    { literal: "CMP-2026-000001", raw: false },
    { literal: "CMP-1999-999999", raw: false },
    { literal: "00000000-0000-0000-0000-000000000000", raw: false },
    { literal: "a".repeat(400), raw: false },
    { literal: "2026-02", raw: false },
    { literal: "9999-99", raw: false },
  ),
  fc.string({ minLength: 1, maxLength: 40, unit: "grapheme" }).map((literal) => ({ literal, raw: false })),
  fc.uuid().map((literal) => ({ literal, raw: false })),
);

const paramChoice: fc.Arbitrary<ParamChoice> = fc.oneof(
  { weight: 6, arbitrary: fc.nat().map((pool) => ({ pool })) },
  { weight: 2, arbitrary: hostileSegment },
);

const PDF_BYTES =
  "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n";
const multipartPart: fc.Arbitrary<MultipartPart> = fc.record({
  field: fc.constantFrom("file", "file", "files", "message", "document", "csv", "x"),
  filename: fc.option(
    fc.constantFrom(
      "a.pdf",
      "../../etc/passwd",
      "photo.png",
      "data.csv",
      "",
      "é漢字.txt",
      "x".repeat(300),
      "nul\u0000.pdf",
    ),
    {
      nil: undefined,
    },
  ),
  type: fc.constantFrom(
    "application/pdf",
    "image/png",
    "text/plain",
    "text/csv",
    "application/x-msdownload",
    "",
  ),
  content: fc.oneof(
    fc.constant(PDF_BYTES),
    fc.constant("\x89PNG\r\n\x1a\n"),
    fc.constant("MZ\x90\x00"),
    fc.constant("type,channel,summary\ncomplaint,phone,Broken\n"),
    fc.constant(""),
    fc.string({ maxLength: 200, unit: "binary" }),
  ),
});

const EMAIL_TEXTS = [
  "From: jane@example.com\r\nTo: care@example.org\r\nSubject: Broken kettle\r\nMessage-ID: <m1@example.com>\r\n\r\nIt broke.\r\n",
  "From: MAILER-DAEMON@example.com\r\nSubject: Undelivered\r\nContent-Type: multipart/report; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n",
  "Subject: no sender\r\n\r\nbody",
  "From: nul@example.com\r\nSubject: nul \u0000 here\r\nMessage-ID: <nul@example.com>\r\n\r\nA NUL \u0000 in the text.\r\n",
  'From: "Evil" <evil@example.com>\r\nSubject: Re: CMP-2026-000001\r\nIn-Reply-To: <nothing@x>\r\nContent-Type: text/html\r\n\r\n<script>alert(1)</script>',
];

/** A body for the endpoint: valid by its schema, one mutation away from valid, or not JSON at all. */
function bodyArbitrary(endpoint: Endpoint, components: Record<string, JsonSchema>): fc.Arbitrary<FuzzBody> {
  const content = endpoint.operation?.requestBody?.content ?? {};
  if (content["multipart/form-data"] || /attachments|document|imports|message$/.test(endpoint.url)) {
    const multipart = fc.record({
      kind: fc.constant("multipart" as const),
      parts: fc.array(multipartPart, { maxLength: 3 }),
      boundary: fc.stringMatching(/^[A-Za-z0-9]{1,30}$/),
      brokenBoundary: fc.boolean(),
    });
    if (!content["application/json"]) return fc.oneof(multipart, textBody(fc.constant(undefined)));
  }
  if (content["message/rfc822"]) {
    return fc.record({
      kind: fc.constant("text" as const),
      text: fc.oneof(fc.constantFrom(...EMAIL_TEXTS), fc.string({ maxLength: 300, unit: "binary" })),
      contentType: fc.constantFrom("message/rfc822", "message/rfc822", "text/plain", undefined),
      valid: fc.constant(false),
    });
  }
  const schema = content["application/json"]?.schema;
  if (!endpoint.operation && endpoint.method === "POST")
    return fc.oneof(formBody, textBody(fc.constant(undefined)));
  if (!schema && ["GET", "DELETE"].includes(endpoint.method)) {
    return fc.oneof(
      { weight: 8, arbitrary: fc.constant({ kind: "none" as const }) },
      textBody(fc.constant(undefined)),
    );
  }
  const valid = arbitraryFor(schema ?? { type: "object" }, components);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: valid.map(
        (v): FuzzBody => ({
          kind: "text",
          text: JSON.stringify(v),
          contentType: "application/json",
          valid: true,
        }),
      ),
    },
    {
      weight: 4,
      arbitrary: fc.tuple(valid, mutationArbitrary).map(
        ([v, m]): FuzzBody => ({
          kind: "text",
          text: mutateJson(v, m.at, m.kind, m.hostile),
          contentType: "application/json",
          valid: false,
        }),
      ),
    },
    { weight: 2, arbitrary: textBody(valid.map((v) => JSON.stringify(v))) },
  );
}

/** The customer's plain HTML forms (public/pages.ts) post urlencoded fields. */
const formBody: fc.Arbitrary<FuzzBody> = fc
  .dictionary(
    fc.constantFrom(
      "name",
      "email",
      "phone",
      "summary",
      "description",
      "website",
      "message",
      "comment",
      "confirmed",
      "satisfaction",
      "resolved",
      "handlingSatisfaction",
      "__proto__",
    ),
    fc.oneof(
      fc.string({ maxLength: 40, unit: "grapheme" }),
      fc.constantFrom("true", "5", "jane@example.com", "x".repeat(30_000)),
    ),
  )
  .map((fields) => ({
    kind: "text",
    text: new URLSearchParams(fields).toString(),
    contentType: "application/x-www-form-urlencoded",
    valid: false,
  }));

/** A text body under any content type (a valid JSON text under a wrong type, or garbage). */
function textBody(validText: fc.Arbitrary<string | undefined>): fc.Arbitrary<FuzzBody> {
  return fc.record({
    kind: fc.constant("text" as const),
    text: fc.oneof(
      rawBodyArbitrary,
      validText.map((t) => t ?? "{}"),
    ),
    contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined }),
    valid: fc.constant(false),
  });
}

function queryArbitrary(endpoint: Endpoint, components: Record<string, JsonSchema>) {
  const declared = (endpoint.operation?.parameters ?? []).filter((p) => p.in === "query");
  const one = declared.map((p) =>
    fc.oneof(
      { weight: 3, arbitrary: arbitraryFor(p.schema, components).map((v) => [p.name, stringify(v)]) },
      { weight: 1, arbitrary: fc.string({ maxLength: 30, unit: "grapheme" }).map((v) => [p.name, v]) },
      { weight: 1, arbitrary: hostileSegment.map((h) => [p.name, h.literal]) },
    ),
  );
  const unknown = fc.tuple(
    fc.constantFrom("unknown", "__proto__", "limit", "cursor", "q"),
    fc.string({ maxLength: 20 }),
  );
  return fc
    .tuple(fc.subarray(one.length ? one : [], {}), fc.option(unknown, { nil: undefined }))
    .chain(([chosen, extra]) =>
      (chosen.length ? fc.tuple(...chosen) : fc.constant([] as [string, string][])).map((pairs) => [
        ...(pairs as [string, string][]),
        ...(extra ? [extra] : []),
      ]),
    );
}

const stringify = (v: unknown) =>
  typeof v === "string"
    ? v
    : Array.isArray(v)
      ? v.map((x) => String(x)).join(",")
      : v === null
        ? ""
        : String(v);

export function requestArbitrary(
  endpoints: Endpoint[],
  index: number,
  users: number,
  components: Record<string, JsonSchema>,
): fc.Arbitrary<FuzzRequest> {
  const endpoint = endpoints[index]!;
  return fc.record({
    endpoint: fc.constant(index),
    // Mostly the user who may call everything, so that requests get past access to validation and handlers.
    who: fc.oneof(
      { weight: 5, arbitrary: fc.constant(0) },
      { weight: 2, arbitrary: fc.nat({ max: users - 1 }) },
    ),
    params: fc.record(Object.fromEntries(endpoint.pathParams.map((name) => [name, paramChoice]))),
    query: queryArbitrary(endpoint, components),
    body: bodyArbitrary(endpoint, components),
  });
}
