import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Access } from "../http/access.js";
import { listNotifications, markNotificationsRead } from "./notifications.service.js";

export const notificationsAccess = { mine: { signedIn: true } } satisfies Record<string, Access>;

const notificationSchema = z
  .object({
    id: z.uuid(),
    caseId: z.uuid().nullable(),
    kind: z.string(),
    message: z.string(),
    createdAt: z.iso.datetime(),
    readAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "Notification" });

/** The signed-in user's notices: escalations to their level, cases assigned to them, breached deadlines. */
export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/notifications",
    {
      schema: {
        tags: ["notifications"],
        querystring: z.strictObject({
          unread: z.enum(["true", "false"]).default("false"),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.uuid().optional(),
        }),
        response: {
          200: z.object({ items: z.array(notificationSchema), nextCursor: z.string().nullable() }),
        },
      },
      config: { access: notificationsAccess.mine },
    },
    async (request) =>
      listNotifications(request.ctx, {
        unread: request.query.unread === "true",
        limit: request.query.limit,
        ...(request.query.cursor ? { before: request.query.cursor } : {}),
      }),
  );

  app.post(
    "/notifications/read",
    {
      schema: {
        tags: ["notifications"],
        description: "Marks the given notices read, or all of them when `ids` is left out.",
        body: z.strictObject({ ids: z.array(z.uuid()).min(1).max(500).optional() }),
        response: { 200: z.object({ marked: z.number().int() }) },
      },
      config: {
        access: notificationsAccess.mine,
        idempotent: { exempt: "marking read again changes nothing (a repeat answers marked: 0)" },
      },
    },
    async (request) => ({ marked: await markNotificationsRead(request.ctx, request.body.ids ?? "all") }),
  );
};
