import type { TemplateBody, TemplateKey } from "./templates.js";

const footer = {
  text: "\n\nYour reference is {{case.reference}}.{{#link}} You can follow your case, add information and reply at:\n{{link}}{{/link}}\n\n{{org.name}}",
  html: '<p>Your reference is <strong>{{case.reference}}</strong>.{{#link}} You can follow your case, add information and reply at <a href="{{link}}">{{link}}</a>.{{/link}}</p><p>{{org.name}}</p>',
};

const compose = (subject: string, text: string, html: string): TemplateBody => ({
  subject,
  text: `Dear {{customer.name}},\n\n${text}${footer.text}`,
  html: `<p>Dear {{customer.name}},</p>${html}${footer.html}`,
});

/** The shipped wording; admins edit copies (versioned) through /api/v1/templates. */
export const DEFAULT_TEMPLATES: Record<TemplateKey, TemplateBody> = {
  acknowledgment: compose(
    "We have received your complaint ({{case.reference}})",
    "Thank you for telling us about this. We received your complaint on {{case.receivedAt}} and are looking into it.\n\nWe expect to give you our answer by {{deadlines.resolve}}. If it will take longer, we will tell you why and when to expect it.",
    "<p>Thank you for telling us about this. We received your complaint on {{case.receivedAt}} and are looking into it.</p><p>We expect to give you our answer by <strong>{{deadlines.resolve}}</strong>. If it will take longer, we will tell you why and when to expect it.</p>",
  ),
  progress_update: compose(
    "An update on your complaint ({{case.reference}})",
    "{{message}}\n\nWe still expect to give you our answer by {{deadlines.resolve}}.",
    "<p>{{message}}</p><p>We still expect to give you our answer by <strong>{{deadlines.resolve}}</strong>.</p>",
  ),
  request_information: compose(
    "We need some more information ({{case.reference}})",
    "To finish looking into your complaint we need a little more from you:\n\n{{message}}\n\nPlease reply to this email or use the link below.",
    "<p>To finish looking into your complaint we need a little more from you:</p><p>{{message}}</p><p>Please reply to this email or use the link below.</p>",
  ),
  resolution_outcome: compose(
    "Our answer to your complaint ({{case.reference}})",
    "We have finished looking into your complaint. Our decision: {{case.outcome}}.\n\n{{case.resolution}}\n\nPlease let us know whether this resolves things for you: you can confirm or tell us it does not through the link below.",
    "<p>We have finished looking into your complaint. Our decision: <strong>{{case.outcome}}</strong>.</p><p>{{case.resolution}}</p><p>Please let us know whether this resolves things for you: you can confirm or tell us it does not through the link below.</p>",
  ),
  closure: compose(
    "Your complaint is closed ({{case.reference}})",
    "We have now closed your complaint. Thank you for your patience.",
    "<p>We have now closed your complaint. Thank you for your patience.</p>",
  ),
  feedback_invitation: compose(
    "How did we handle your complaint? ({{case.reference}})",
    "We would like to know how we did. It takes a minute: use the link below to answer four short questions.",
    "<p>We would like to know how we did. It takes a minute: use the link below to answer four short questions.</p>",
  ),
  // To staff, not customers: sent for in-app notices (escalations, breaches, assignments, dead letters).
  escalation_notice: {
    subject:
      "{{#case.reference}}{{case.reference}} needs you: {{case.summary}}{{/case.reference}}{{^case.reference}}{{org.name}}: something needs you{{/case.reference}}",
    text: "Hello {{staff.name}},\n\n{{message}}\n\n{{#case.reference}}Case {{case.reference}} ({{case.status}}), received {{case.receivedAt}}, to be resolved by {{deadlines.resolve}}.\n{{/case.reference}}Open it: {{link}}\n",
    html: '<p>Hello {{staff.name}},</p><p style="white-space: pre-line">{{message}}</p>{{#case.reference}}<p>Case <strong>{{case.reference}}</strong> ({{case.status}}), received {{case.receivedAt}}, to be resolved by {{deadlines.resolve}}.</p>{{/case.reference}}<p><a href="{{link}}">Open it in Redress</a></p>',
  },
};
