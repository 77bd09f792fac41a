import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { dashboardSchema } from "../../shared/dashboard.schema.js";
import type { Access } from "../http/access.js";
import { dashboard } from "./dashboard.service.js";

/** SOP 002 §4.3: those who oversee the work (managers, senior management, quality, admins). */
export const dashboardAccess = {
  read: { roles: ["manager", "senior", "quality", "admin"] },
} satisfies Record<string, Access>;

export const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/dashboard",
    {
      schema: {
        tags: ["dashboard"],
        description:
          "The manager's overview: open cases by status and level, due and breached, workload, intake.",
        response: { 200: dashboardSchema },
      },
      config: { access: dashboardAccess.read },
    },
    async (request) => dashboard(request.ctx),
  );
};
