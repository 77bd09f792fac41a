import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyMultipart from "@fastify/multipart";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler } from "fastify-type-provider-zod";
import { caseListSchema, caseSchema } from "../shared/cases.schema.js";
import { installValidationMessages } from "../shared/zod-messages.js";
import { multipartLimits, refuseUnexpectedMultipart } from "./attachments/attachments.http.js";
import { attachmentsRoutes } from "./attachments/attachments.routes.js";
import { auditRoutes } from "./audit/audit.routes.js";
import { actorFromSession, actorFromToken } from "./auth/auth.service.js";
import { oidcRoutes } from "./auth/oidc.routes.js";
import { SESSION_COOKIE, sessionRoutes } from "./auth/session.routes.js";
import { tokenRoutes } from "./auth/tokens.routes.js";
import { capaRoutes } from "./capa/capa.routes.js";
import { caseActionRoutes } from "./cases/cases.actions.routes.js";
import { caseRecordRoutes } from "./cases/cases.records.routes.js";
import { casesRoutes } from "./cases/cases.routes.js";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import { type Actor, publicActor } from "./context.js";
import { correspondenceRoutes } from "./correspondence/correspondence.routes.js";
import { dashboardRoutes } from "./dashboard/dashboard.routes.js";
import type { Database, Db } from "./db/client.js";
import { AppError } from "./errors.js";
import { feedbackRoutes } from "./feedback/feedback.routes.js";
import { enforceAccess, requireAccessOnEveryRoute } from "./http/access.js";
import { checkCsrf } from "./http/csrf.js";
import { installHealth } from "./http/health.js";
import { prepareIdempotency, requireIdempotencyOnEveryPost } from "./http/idempotency.js";
import { installMetrics } from "./http/metrics.js";
import { frameworkProblem, installProblemHandlers } from "./http/problem.js";
import { RateLimiter } from "./http/rate-limit.js";
import { installSecurityHeaders } from "./http/security-headers.js";
import { responseSerializerCompiler } from "./http/serializer.js";
import { refuseUnstorableText } from "./http/text-guard.js";
import { importsRoutes } from "./imports/imports.routes.js";
import { inboundRoutes } from "./inbound/inbound.routes.js";
import { investigationRoutes } from "./investigation/investigation.routes.js";
import { outboxRoutes } from "./mail/outbox.routes.js";
import { templatesRoutes } from "./mail/templates.routes.js";
import { notificationsRoutes } from "./notifications/notifications.routes.js";
import { projectRoot } from "./paths.js";
import { privacyRoutes } from "./privacy/privacy.routes.js";
import { publicPages } from "./public/pages.js";
import { publicRoutes } from "./public/public.routes.js";
import { qualityRoutes } from "./quality/quality.routes.js";
import { logArchivedCaseView, logArchivedListView } from "./records/archive.views.js";
import { recordsRoutes } from "./records/records.routes.js";
import { reportsRoutes } from "./reports/reports.routes.js";
import { settingsRoutes } from "./settings/settings.routes.js";
import type { SettingsStore } from "./settings/settings.service.js";
import { usersRoutes } from "./users/users.routes.js";

export interface AppDeps {
  database: Database;
  db: Db;
  clock: Clock;
  config: Config;
  settings: SettingsStore;
}

declare module "fastify" {
  interface FastifyInstance {
    deps: AppDeps;
    /** Per-address limits on the public endpoints and pages. */
    limiter: RateLimiter;
  }
  interface FastifyRequest {
    actor: Actor;
    ctx: import("./context.js").Ctx;
  }
}

/** No personal data in logs: the route pattern, never the raw URL (queries and public tokens stay out). */
export const logSerializers = {
  req: (req: { method: string; routeOptions?: { url?: string }; id: string }) => ({
    method: req.method,
    route: req.routeOptions?.url ?? "(no route)",
    requestId: req.id,
  }),
};

export interface BuildOptions {
  /** A pino logger (main.ts); tests run without one. */
  logger?: FastifyBaseLogger;
  isShuttingDown?: () => boolean;
}

/** Builds the HTTP app around its dependencies; no I/O happens at import (DESIGN.md layout). */
export async function buildApp(deps: AppDeps, options: BuildOptions = {}): Promise<FastifyInstance> {
  installValidationMessages();
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: deps.config.bodyLimitBytes,
    // The router's refusals (bad percent-encoding, over-long segments) as problem+json (fuzzing found them).
    frameworkErrors: frameworkProblem,
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestTimeout: 60_000,
    // A socket silent both ways for two minutes (a client that stopped reading) is closed; the slowest
    // answers (a PDF report, a large export) take seconds, not minutes (docs/security.md).
    connectionTimeout: 120_000,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  // Case responses are built field by field by toCaseView: JSON.stringify without zod's check (tests check).
  app.setSerializerCompiler(responseSerializerCompiler([caseSchema, caseListSchema]));
  app.decorate("deps", deps);
  app.decorate("limiter", new RateLimiter(() => deps.clock.now().getTime()));
  app.decorateRequest("actor", null as unknown as Actor);
  app.decorateRequest("ctx", null as unknown as import("./context.js").Ctx);
  installProblemHandlers(app);
  // Before any route: every response, errors included, carries them (http/security-headers.ts).
  installSecurityHeaders(app, deps.config.publicUrl);
  // JSON as Fastify parses it (prototype-poisoning safe), except that an empty body means "no body".
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) =>
    body === "" ? done(null, undefined) : parseJson(request, body as string, done),
  );
  requireAccessOnEveryRoute(app);
  requireIdempotencyOnEveryPost(app);
  await app.register(fastifyCookie);
  // Only marks multipart requests; the few routes that take files read them after the access check
  // (attachments.http.ts). Fastify's bodyLimit does not apply to them: these limits do.
  await app.register(fastifyMultipart, { limits: multipartLimits(deps.config.attachmentMaxBytes) });
  app.addHook("preValidation", refuseUnexpectedMultipart);
  app.addHook("preValidation", refuseUnstorableText); // and the parsed body
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Redress API", version: "1.0.0", description: "Complaint and incident handling (v1)." },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE },
          bearer: { type: "http", scheme: "bearer" },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  app.addHook("onRequest", async (request) => {
    // Path and query first: the owner check below already takes the path's reference to SQL.
    await refuseUnstorableText(request);
    request.actor = publicActor("anonymous");
    request.ctx = {
      db: deps.db,
      actor: request.actor,
      clock: deps.clock,
      log: request.log,
      config: deps.config,
      settings: deps.settings,
    };
    const actor = await authenticate(request);
    if (actor) request.actor = request.ctx.actor = actor;
    // Before the body is even read: an unauthorised caller learns nothing from validation errors.
    await enforceAccess(request);
    checkCsrf(request, deps.config.publicUrl);
  });
  app.addHook("preHandler", prepareIdempotency);
  // R11: views of archived cases' personal data are logged (who, when, why if given).
  app.addHook("preHandler", logArchivedCaseView);
  app.addHook("preSerialization", logArchivedListView);

  installHealth(app, options.isShuttingDown ?? (() => false));
  installMetrics(app);
  app.get(
    "/api/v1/openapi.json",
    { config: { access: { public: true } }, schema: { hide: true } },
    async () => app.swagger(),
  );
  await app.register(publicPages);
  await serveWebApp(app);
  await app.register(
    async (api) => {
      await api.register(sessionRoutes);
      await api.register(oidcRoutes);
      await api.register(usersRoutes);
      await api.register(tokenRoutes);
      await api.register(casesRoutes);
      await api.register(caseActionRoutes);
      await api.register(caseRecordRoutes);
      await api.register(investigationRoutes);
      await api.register(notificationsRoutes);
      await api.register(correspondenceRoutes);
      await api.register(attachmentsRoutes);
      await api.register(outboxRoutes);
      await api.register(templatesRoutes);
      await api.register(publicRoutes);
      await api.register(feedbackRoutes);
      await api.register(capaRoutes);
      await api.register(qualityRoutes);
      await api.register(dashboardRoutes);
      await api.register(auditRoutes);
      await api.register(settingsRoutes);
      await api.register(inboundRoutes);
      await api.register(reportsRoutes);
      await api.register(recordsRoutes);
      await api.register(privacyRoutes);
      await api.register(importsRoutes);
    },
    { prefix: "/api/v1" },
  );
  return app;
}

async function authenticate(request: import("fastify").FastifyRequest): Promise<Actor | undefined> {
  // The inbound mail relay authenticates with its own shared secret (inbound.routes.ts), never as a user.
  if (request.routeOptions.config.sharedSecret) return undefined;
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const actor = match ? await actorFromToken(request.ctx, match[1]!) : undefined;
    if (!actor) {
      throw new AppError(
        "bad_token",
        401,
        "the Authorization header must be `Bearer <token>` with a live API token; create one with POST /api/v1/tokens",
      );
    }
    return actor;
  }
  const session = request.cookies[SESSION_COOKIE];
  return session ? actorFromSession(request.ctx, session) : undefined;
}

/** Paths that belong to the server, never to the web app: unknown ones stay a problem+json 404. */
const SERVER_PATHS = /^\/(api|public|metrics|healthz|readyz|health)(\/|$)/;

/**
 * The web app (src/web, built to dist/web by scripts/build.js) at `/`: its files, and index.html for any
 * other GET so that the app's own paths (/cases/CMP-2026-000042) load it. Hashed assets are cached for good.
 */
async function serveWebApp(app: FastifyInstance): Promise<void> {
  const root = join(projectRoot(), "dist", "web");
  await app.register(fastifyStatic, { root, serve: false });
  app.get("/*", { config: { access: { public: true } }, schema: { hide: true } }, (request, reply) => {
    const path = request.url.split("?")[0]!;
    if (SERVER_PATHS.test(path)) return reply.callNotFound();
    if (/\.[a-z0-9]+$/i.test(path)) {
      if (path.startsWith("/assets/")) reply.header("cache-control", "public, max-age=31536000, immutable");
      return reply.sendFile(path.slice(1), { cacheControl: false });
    }
    if (!existsSync(join(root, "index.html"))) {
      return reply.code(503).type("text/plain").send("The web app is not built yet: run `npm run build`.");
    }
    // Always whole, never a 304: a 304 carries no content type, and its headers (the CSP) would replace
    // those of the cached page.
    return reply
      .header("cache-control", "no-store")
      .type("text/html; charset=utf-8")
      .sendFile("index.html", { cacheControl: false, etag: false, lastModified: false });
  });
}
