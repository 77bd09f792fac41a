import type nodemailerModule from "nodemailer";
import { lazyRequire } from "../lazy.js";

const nodemailer = lazyRequire<typeof nodemailerModule>("nodemailer");

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  messageId: string;
}

/** Sends one message; throws `MailError` (permanent or not) when the server refuses or is away. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export class MailError extends Error {
  constructor(
    message: string,
    /** A 5xx answer: retrying the same message will not help. */
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** nodemailer over REDRESS_SMTP_URL (smtp:// or smtps://). */
export function smtpMailer(smtpUrl: string): Mailer {
  const transport = nodemailer().createTransport(smtpUrl);
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          ...(mail.html ? { html: mail.html } : {}),
          messageId: mail.messageId,
          // RFC 3834: out-of-office and other auto-responders must not answer us (no mail loops).
          headers: { "Auto-Submitted": "auto-generated" },
        });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        throw new MailError((error as Error).message, typeof code === "number" && code >= 500 && code < 600);
      }
    },
    close: () => transport.close(),
  };
}
