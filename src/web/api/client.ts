// The one API client: typed from the OpenAPI document (schema.d.ts, `npm run api:types`), same origin, the
// session cookie riding along. CSRF needs nothing more: the server accepts writes whose Origin is its own.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type CaseView = Schemas["Case"];
export type User = Schemas["User"];

export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? "",
  credentials: "same-origin",
});

let sessionExpired: () => void = () => {};

/** Called on any 401 outside sign-in itself: the session ran out or was revoked. */
export function onSessionExpired(handler: () => void): void {
  sessionExpired = handler;
}

api.use({
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url).pathname.endsWith("/api/v1/session")) {
      sessionExpired();
    }
    return response;
  },
});

/** `If-Match` for a change to a case seen at this version (412 when someone changed it meanwhile). */
export const ifMatch = (version: number) => ({ "if-match": `"${version}"` });

/** A fresh `Idempotency-Key`: a retried submit creates one record, not two. */
export const idempotencyKey = () => ({ "idempotency-key": crypto.randomUUID() });
