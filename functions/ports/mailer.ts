/** An email ready to send: every value in it already escaped for its part. */
export interface Email {
  from: string;
  to: readonly string[];
  subject: string;
  text: string;
  html: string;
}

/** Sends email (SES). Has no idempotency key of its own: callers claim the send first. */
export interface Mailer {
  send(email: Email): Promise<{ messageId: string }>;
}
