import type { QueryClient } from "@tanstack/react-query";
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from "@tanstack/react-router";
import type { User } from "./api/client";
import { calendarQuery, can, sessionQuery } from "./api/session";
import { AppLayout } from "./components/app-layout";
import { ForbiddenError, NotFound, RouteError } from "./components/states";
import { parseCapaSearch } from "./routes/capa/capa-search";
import { CasePage } from "./routes/case/case-page";
import { CaseListPage } from "./routes/case-list/case-list-page";
import { parseCaseListSearch, QUEUES } from "./routes/case-list/case-list-search";
import { NewCasePage } from "./routes/new-case/new-case-page";
import { SignInPage } from "./routes/sign-in-page";

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
  errorComponent: RouteError,
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/sign-in",
  validateSearch: (
    search: Record<string, unknown>,
  ): { expired?: boolean; redirect?: string; sso?: string } => ({
    ...(search.expired === true || search.expired === "true" ? { expired: true } : {}),
    ...(typeof search.sso === "string" ? { sso: search.sso } : {}),
    ...(typeof search.redirect === "string" && search.redirect.startsWith("/")
      ? { redirect: search.redirect }
      : {}),
  }),
  component: SignInPage,
});

/** Everything behind sign-in: the session and the calendar are loaded before any page shows. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "_app",
  beforeLoad: async ({ context, location }) => {
    const user = await context.queryClient.ensureQueryData(sessionQuery);
    if (!user) throw redirect({ to: "/sign-in", search: { redirect: location.href } });
    await context.queryClient.ensureQueryData(calendarQuery);
    return { user };
  },
  component: AppLayout,
});

/** A route only some roles may open; the others see why not (the API refuses them anyway). */
export function requireRole(allowed: (user: User) => boolean) {
  return ({ context }: { context: { user: User } }) => {
    if (!allowed(context.user)) throw new ForbiddenError();
  };
}

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/",
  beforeLoad: () => {
    throw redirect({ to: "/cases", search: QUEUES.open });
  },
});

const casesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/cases",
  validateSearch: parseCaseListSearch,
  component: CaseListPage,
});

const newCaseRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/cases/new",
  beforeLoad: requireRole(can.logCases),
  component: NewCasePage,
});

const caseRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/cases/$reference",
  component: CasePage,
});

const dashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/dashboard",
  beforeLoad: requireRole(can.seeDashboard),
  // Charts and admin screens load when first opened: agents never download them.
  component: lazyRouteComponent(() => import("./routes/dashboard/dashboard-page"), "DashboardPage"),
});

/** R6: the CAPA register and each CAPA; every staff member may read them (writers see the buttons). */
const capasRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/capas",
  validateSearch: parseCapaSearch,
  component: lazyRouteComponent(() => import("./routes/capa/capa-register-page"), "CapaRegisterPage"),
});

const capaRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/capas/$reference",
  component: lazyRouteComponent(() => import("./routes/capa/capa-page"), "CapaPage"),
});

/** R12–R14: samples, management reviews, monthly reports (and staff feedback for quality and managers). */
const qualityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/quality",
  beforeLoad: requireRole(can.readQuality),
  component: lazyRouteComponent(() => import("./routes/quality/quality-layout"), "QualityLayout"),
});

const qualityIndexRoute = createRoute({
  getParentRoute: () => qualityRoute,
  path: "/",
  beforeLoad: () => {
    throw redirect({ to: "/quality/samples" });
  },
});

const samplesRoute = createRoute({
  getParentRoute: () => qualityRoute,
  path: "/samples",
  component: lazyRouteComponent(() => import("./routes/quality/samples-page"), "SamplesPage"),
});

const sampleRoute = createRoute({
  getParentRoute: () => qualityRoute,
  path: "/samples/$month",
  component: lazyRouteComponent(() => import("./routes/quality/sample-page"), "SamplePage"),
});

const reviewsRoute = createRoute({
  getParentRoute: () => qualityRoute,
  path: "/reviews",
  component: lazyRouteComponent(() => import("./routes/quality/reviews-page"), "ReviewsPage"),
});

const reviewRoute = createRoute({
  getParentRoute: () => qualityRoute,
  path: "/reviews/$id",
  component: lazyRouteComponent(() => import("./routes/quality/review-page"), "ReviewPage"),
});

const reportsRoute = createRoute({
  getParentRoute: () => qualityRoute,
  path: "/reports",
  beforeLoad: requireRole(can.readReports),
  component: lazyRouteComponent(() => import("./routes/quality/reports-page"), "ReportsPage"),
});

const processFeedbackRoute = createRoute({
  getParentRoute: () => qualityRoute,
  path: "/feedback",
  beforeLoad: requireRole(can.readProcessFeedback),
  component: lazyRouteComponent(
    () => import("./routes/quality/process-feedback-page"),
    "ProcessFeedbackPage",
  ),
});

/** R14: every member of staff reads the procedures and may give feedback on the process. */
const proceduresRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/procedures",
  component: lazyRouteComponent(() => import("./routes/procedures/procedures-page"), "ProceduresPage"),
});

const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/audit",
  beforeLoad: requireRole(can.readAuditTrail),
  component: lazyRouteComponent(() => import("./routes/audit/audit-trail-page"), "AuditTrailPage"),
});

const adminRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/admin",
  beforeLoad: requireRole(can.administer),
  component: lazyRouteComponent(() => import("./routes/admin/admin-layout"), "AdminLayout"),
});

const adminIndexRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: "/",
  beforeLoad: () => {
    throw redirect({ to: "/admin/users" });
  },
});

const adminUsersRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: "/users",
  component: lazyRouteComponent(() => import("./routes/admin/users-page"), "UsersPage"),
});

const adminTokensRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: "/tokens",
  component: lazyRouteComponent(() => import("./routes/admin/tokens-page"), "TokensPage"),
});

const adminCalendarRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: "/calendar",
  component: lazyRouteComponent(() => import("./routes/admin/calendar-page"), "CalendarPage"),
});

const adminPolicyRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: "/policy",
  component: lazyRouteComponent(() => import("./routes/admin/policy-page"), "PolicyPage"),
});

const adminTemplatesRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: "/templates",
  component: lazyRouteComponent(() => import("./routes/admin/templates-page"), "TemplatesPage"),
});

const adminOutboxRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: "/outbox",
  component: lazyRouteComponent(() => import("./routes/admin/outbox-page"), "OutboxPage"),
});

const recordsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/records",
  beforeLoad: requireRole(can.readRecords),
  component: lazyRouteComponent(() => import("./routes/records/records-layout"), "RecordsLayout"),
});

const recordsIndexRoute = createRoute({
  getParentRoute: () => recordsRoute,
  path: "/",
  beforeLoad: () => {
    throw redirect({ to: "/records/holds" });
  },
});

const recordsHoldsRoute = createRoute({
  getParentRoute: () => recordsRoute,
  path: "/holds",
  component: lazyRouteComponent(() => import("./routes/records/legal-holds-page"), "LegalHoldsPage"),
});

const recordsDisposalsRoute = createRoute({
  getParentRoute: () => recordsRoute,
  path: "/disposals",
  component: lazyRouteComponent(() => import("./routes/records/disposal-queue-page"), "DisposalQueuePage"),
});

const recordsArchiveRoute = createRoute({
  getParentRoute: () => recordsRoute,
  path: "/archive",
  component: lazyRouteComponent(
    () => import("./routes/records/archive-register-page"),
    "ArchiveRegisterPage",
  ),
});

const recordsDisposedRoute = createRoute({
  getParentRoute: () => recordsRoute,
  path: "/disposed",
  component: lazyRouteComponent(
    () => import("./routes/records/disposal-register-page"),
    "DisposalRegisterPage",
  ),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  appRoute.addChildren([
    indexRoute,
    casesRoute,
    newCaseRoute,
    caseRoute,
    dashboardRoute,
    capasRoute,
    capaRoute,
    qualityRoute.addChildren([
      qualityIndexRoute,
      samplesRoute,
      sampleRoute,
      reviewsRoute,
      reviewRoute,
      reportsRoute,
      processFeedbackRoute,
    ]),
    proceduresRoute,
    auditRoute,
    recordsRoute.addChildren([
      recordsIndexRoute,
      recordsHoldsRoute,
      recordsDisposalsRoute,
      recordsArchiveRoute,
      recordsDisposedRoute,
    ]),
    adminRoute.addChildren([
      adminIndexRoute,
      adminUsersRoute,
      adminTokensRoute,
      adminCalendarRoute,
      adminPolicyRoute,
      adminTemplatesRoute,
      adminOutboxRoute,
    ]),
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: "intent",
    defaultErrorComponent: RouteError,
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
