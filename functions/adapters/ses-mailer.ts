import { SendEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import type { Email, Mailer } from '#functions/ports/mailer.ts';

/** Sends through SES (v1 API, `@aws-sdk/client-ses`), text and HTML parts in UTF-8. */
export class SesMailer implements Mailer {
  constructor(private readonly client: SESClient) {}

  async send(email: Email): Promise<{ messageId: string }> {
    const out = await this.client.send(
      new SendEmailCommand({
        Source: email.from,
        Destination: { ToAddresses: [...email.to] },
        Message: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
        },
      }),
    );
    return { messageId: out.MessageId ?? '' };
  }
}
