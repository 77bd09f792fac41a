import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { DateTime } from "luxon";
import { surveyAnswerSchema } from "../../shared/feedback.schema.js";
import { publicComplaintSchema } from "../../shared/public.schema.js";
import { readMultipartForm, type UploadedFile } from "../attachments/attachments.http.js";
import { AppError, type FieldError } from "../errors.js";
import { answerSurveyByLink } from "../feedback/feedback.service.js";
import type { Access } from "../http/access.js";
import { fromFastify } from "../http/problem.js";
import { type Html, html, page } from "./html.js";
import { PUBLIC_CSS } from "./public.css.js";
import {
  confirmPublic,
  receiveFromCustomer,
  submitPublicComplaint,
  viewPublicCase,
} from "./public.service.js";

const anyone: Access = { public: true };
type Form = Record<string, string>;

/**
 * The fields of a posted form. Any body Fastify parsed (JSON too, sent by a script rather than a browser)
 * arrives here: only string values count, so `{"comment": 5}` is a missing comment, not a 500 (fuzzing).
 */
function formOf(body: unknown): Form {
  if (!body || typeof body !== "object" || Array.isArray(body)) return {};
  return Object.fromEntries(
    Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

/** Back to the case page. The token is the customer's text: encoded, or a stray character breaks the header. */
const caseLink = (token: string, sent: boolean) =>
  `/public/case/${encodeURIComponent(token)}${sent ? "?sent=1" : ""}`;

function field(
  name: string,
  label: string,
  form: Form,
  errors: FieldError[],
  options: { area?: boolean; type?: string; hint?: string } = {},
) {
  const error = errors.find((e) => e.field === name || e.field === `customer.${name}`);
  const attrs = html`id="${name}" name="${name}" ${error ? html`aria-invalid="true" aria-describedby="${name}-error"` : ""}`;
  return html`<label for="${name}">${label}${options.hint ? html` <span class="hint">${options.hint}</span>` : ""}</label>
${options.area ? html`<textarea ${attrs}>${form[name] ?? ""}</textarea>` : html`<input type="${options.type ?? "text"}" ${attrs} value="${form[name] ?? ""}">`}
${error ? html`<p class="error" id="${name}-error">${error.message}</p>` : ""}`;
}

function complaintForm(form: Form, errors: FieldError[], general?: string): Html {
  const contactError = errors.find((e) => e.field === "customer");
  return html`<h1>Make a complaint</h1>
<p>Tell us what went wrong. We will acknowledge it straight away and tell you when to expect our answer.</p>
${general ? html`<p class="error" role="alert">${general}</p>` : ""}
<form method="post" action="/public/complaint" novalidate>
${field("name", "Your name", form, errors)}
${field("email", "Email", form, errors, { type: "email", hint: "(so we can reply)" })}
${field("phone", "Phone", form, errors, { type: "tel", hint: "(if you prefer a call)" })}
${contactError ? html`<p class="error" role="alert">${contactError.message}</p>` : ""}
${field("summary", "What is it about?", form, errors, { hint: "(one line)" })}
${field("description", "What happened?", form, errors, { area: true })}
${field("productRef", "Order, account or product number", form, errors, { hint: "(optional)" })}
${field("desiredRemedy", "What would put it right for you?", form, errors, { area: true, hint: "(optional)" })}
<div class="trap" aria-hidden="true"><label for="website">Leave this empty</label><input id="website" name="website" tabindex="-1" autocomplete="off"></div>
<button type="submit">Send complaint</button>
</form>`;
}

function caseView(token: string, c: Awaited<ReturnType<typeof viewPublicCase>>, notice?: string): Html {
  const when = (iso: string) =>
    DateTime.fromISO(iso, { zone: c.timezone }).setLocale("en-GB").toFormat("d LLLL yyyy, HH:mm ZZZZ");
  return html`<h1>Your complaint ${c.reference}</h1>
${notice ? html`<p class="card" role="status">${notice}</p>` : ""}
<div class="card">
<p class="status">Status: ${c.status}</p>
<p>Received ${when(c.receivedAt)}${c.expectedResolutionBy ? html`. We expect to answer by <strong>${when(c.expectedResolutionBy)}</strong>` : ""}.</p>
${c.resolution ? html`<h2>Our answer${c.outcome ? html` (${c.outcome})` : ""}</h2><pre>${c.resolution}</pre>` : ""}
</div>
${
  c.canConfirm
    ? html`<form method="post" action="/public/case/${token}/confirm" class="card">
<h2>Does this resolve your complaint?</h2>
<label for="comment">Anything you want to add <span class="hint">(optional)</span></label>
<textarea id="comment" name="comment"></textarea>
<button type="submit" name="confirmed" value="true">Yes, it is resolved</button>
<button type="submit" name="confirmed" value="false" class="secondary">No, it is not</button>
</form>`
    : ""
}
${c.survey?.state === "open" ? surveyForm(token) : ""}
${c.survey?.state === "answered" ? html`<p class="card">Thank you for answering our survey.</p>` : ""}
<h2>Messages</h2>
${c.messages.length === 0 ? html`<p>No messages yet.</p>` : ""}
${c.messages.map(
  (m) =>
    html`<div class="message ${m.from}"><p class="meta">${m.from === "us" ? "From us" : "From you"}, ${when(m.at)}${m.subject ? html` — ${m.subject}` : ""}</p><pre>${m.body}</pre></div>`,
)}
${
  c.attachments.length > 0
    ? html`<h2>Files</h2>
<ul>${c.attachments.map(
        (f) =>
          html`<li><a href="/api/v1/public/cases/${token}/attachments/${f.id}">${f.filename}</a> <span class="hint">(${f.from === "us" ? "from us" : "from you"}, ${Math.max(1, Math.round(f.sizeBytes / 1024))} KB)</span></li>`,
      )}</ul>`
    : ""
}
<form method="post" action="/public/case/${token}/message" enctype="multipart/form-data" class="card">
<label for="message">Send us more information</label>
<textarea id="message" name="message"></textarea>
<label for="file">Attach files <span class="hint">(optional: photos, scans, PDF; up to 10)</span></label>
<input type="file" id="file" name="file" multiple>
<button type="submit">Send</button>
</form>`;
}

/** R9: the standard survey, as plain radio buttons that work without JavaScript and on a phone. */
function surveyForm(token: string): Html {
  const scale = (name: string, legend: string) => html`<fieldset><legend>${legend}</legend>
${[1, 2, 3, 4, 5].map((n) => html`<label class="choice"><input type="radio" name="${name}" value="${String(n)}" required> ${String(n)}</label>`)}
<p class="hint">1 = not at all, 5 = very</p></fieldset>`;
  return html`<form method="post" action="/public/case/${token}/survey" class="card">
<h2>How did we do?</h2>
${scale("satisfaction", "How satisfied are you with the outcome?")}
<fieldset><legend>Was your complaint resolved?</legend>
<label class="choice"><input type="radio" name="resolved" value="true" required> Yes</label>
<label class="choice"><input type="radio" name="resolved" value="false"> No</label></fieldset>
${scale("handlingSatisfaction", "How satisfied are you with the way we handled it?")}
<label for="survey-comment">Anything else you want to tell us <span class="hint">(optional)</span></label>
<textarea id="survey-comment" name="comment"></textarea>
<button type="submit">Send my answers</button>
</form>`;
}

function sendPage(reply: FastifyReply, title: string, body: Html, status = 200) {
  return reply.code(status).type("text/html; charset=utf-8").send(page(title, body));
}

/**
 * The customer's pages (plain HTML, no script, usable on a phone) over the same services as the public
 * API: `/public/complaint` and `/public/case/{token}`. Only here are form posts accepted.
 */
export async function publicPages(app: FastifyInstance): Promise<void> {
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string" },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  const config = { access: anyone };
  // The customer sees a page, not problem+json, when something is wrong.
  app.setErrorHandler(async (error, request, reply) => {
    // A body we cannot read (wrong type, bad encoding, too large) is the sender's mistake, shown as such.
    const known = error instanceof AppError ? error : fromFastify(error as FastifyError);
    if (known) {
      const title = known.status === 404 ? "This link does not work" : "Something is not right";
      return sendPage(reply, title, html`<h1>${title}</h1><p class="card">${known.detail}</p>`, known.status);
    }
    request.log.error({ err: error }, "public page failed");
    return sendPage(
      reply,
      "Sorry",
      html`<h1>Sorry</h1><p class="card">Something went wrong on our side. Please try again later.</p>`,
      500,
    );
  });

  app.get("/public/assets/public.css", { config, schema: { hide: true } }, async (_request, reply) =>
    reply.type("text/css; charset=utf-8").header("cache-control", "public, max-age=3600").send(PUBLIC_CSS),
  );
  app.get("/public/complaint", { config, schema: { hide: true } }, async (_request, reply) =>
    sendPage(reply, "Make a complaint", complaintForm({}, [])),
  );
  app.post("/public/complaint", { config, schema: { hide: true } }, async (request, reply) => {
    app.limiter.hit(request, "public-form", 10, 3_600_000);
    const form = formOf(request.body);
    const input = Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== ""));
    const parsed = publicComplaintSchema.safeParse(input);
    const contactMissing = !input.email && !input.phone;
    if (!parsed.success || contactMissing) {
      const errors = (parsed.error?.issues ?? []).map((i) => ({
        field: i.path.join("."),
        message: i.message,
      }));
      if (contactMissing) {
        errors.push({
          field: "customer",
          message: "give an email or a phone number (at least one) so we can reply",
        });
      }
      return sendPage(
        reply,
        "Make a complaint",
        complaintForm(form, errors, "Please check the fields marked below."),
        400,
      );
    }
    try {
      const { reference, link } = await submitPublicComplaint(request.ctx, parsed.data!);
      return sendPage(
        reply,
        "Complaint received",
        html`<h1>Thank you</h1><div class="card"><p>Your complaint is logged as <strong>${reference}</strong>.</p>
<p>Keep this link to follow it, add information and see our answer:</p><p><a href="${link}">${link}</a></p></div>`,
        201,
      );
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const errors = (error.extra.errors as FieldError[] | undefined) ?? [];
      return sendPage(reply, "Make a complaint", complaintForm(form, errors, error.detail), error.status);
    }
  });
  app.get<{ Params: { token: string } }>(
    "/public/case/:token",
    { config, schema: { hide: true } },
    async (request, reply) => {
      app.limiter.hit(request, "public-link", 120, 60_000);
      const notice = (request.query as { sent?: string }).sent === "1" ? "Thank you: we have it." : undefined;
      return sendPage(
        reply,
        "Your complaint",
        caseView(request.params.token, await viewPublicCase(request.ctx, request.params.token), notice),
      );
    },
  );
  app.post<{ Params: { token: string } }>(
    "/public/case/:token/message",
    { config: { ...config, multipart: true }, schema: { hide: true } },
    async (request, reply) => {
      app.limiter.hit(request, "public-message", 30, 3_600_000);
      let form: Form = formOf(request.body);
      let files: UploadedFile[] = [];
      if (request.isMultipart()) {
        const read = await readMultipartForm(request);
        form = read.fields;
        // A file input left empty still sends a part: no name, no bytes.
        files = read.files
          .filter((f) => f.field === "file" && (f.file.filename !== "" || f.file.bytes.byteLength > 0))
          .map((f) => f.file);
      }
      const message = form.message?.trim().slice(0, 10_000);
      const sent = Boolean(message) || files.length > 0;
      if (sent) await receiveFromCustomer(request.ctx, request.params.token, { message, files });
      return reply.redirect(caseLink(request.params.token, sent), 303);
    },
  );
  app.post<{ Params: { token: string } }>(
    "/public/case/:token/survey",
    { config, schema: { hide: true } },
    async (request, reply) => {
      app.limiter.hit(request, "public-feedback", 30, 3_600_000);
      const form = formOf(request.body);
      const answer = surveyAnswerSchema.safeParse({
        satisfaction: Number(form.satisfaction),
        resolved: form.resolved === "true" ? true : form.resolved === "false" ? false : undefined,
        handlingSatisfaction: Number(form.handlingSatisfaction),
        comment: form.comment?.trim() || null,
      });
      const { token } = request.params;
      if (!answer.success) {
        const view = await viewPublicCase(request.ctx, token);
        return sendPage(reply, "Your complaint", caseView(token, view, "Please answer each question."), 400);
      }
      await answerSurveyByLink(request.ctx, token, answer.data);
      return reply.redirect(caseLink(token, true), 303);
    },
  );
  app.post<{ Params: { token: string } }>(
    "/public/case/:token/confirm",
    { config, schema: { hide: true } },
    async (request, reply) => {
      const form = formOf(request.body);
      await confirmPublic(request.ctx, request.params.token, {
        confirmed: form.confirmed === "true",
        comment: form.comment?.trim() || null,
      });
      return reply.redirect(caseLink(request.params.token, true), 303);
    },
  );
}
