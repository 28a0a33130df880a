import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { Notification, Notifier } from './port.ts';
import { render } from './templates.ts';

/**
 * SMS through Amazon SNS (direct publish to a phone number, transactional) and email through
 * Amazon SES (v2) from a verified sender; without a sender, email is not offered.
 */
export class AwsNotifier implements Notifier {
  readonly sendsEmail: boolean;

  constructor(
    /** Both made on first use (platform/clients/on-first-use.ts): the SDK packages load then. */
    private readonly sns: () => Promise<SNSClient>,
    private readonly ses: () => Promise<SESv2Client>,
    private readonly emailFrom: string | undefined,
  ) {
    this.sendsEmail = Boolean(emailFrom);
  }

  async send(n: Notification): Promise<void> {
    const { subject, text } = render(n.template, n.data);
    if (n.channel === 'sms') {
      const [{ PublishCommand }, sns] = await Promise.all([import('@aws-sdk/client-sns'), this.sns()]);
      await sns.send(
        new PublishCommand({
          // Mainland numbers are stored without the country code.
          PhoneNumber: n.to.startsWith('+') ? n.to : `+86${n.to}`,
          Message: text,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          },
        }),
      );
      return;
    }
    if (!this.emailFrom) return;
    const [{ SendEmailCommand }, ses] = await Promise.all([import('@aws-sdk/client-sesv2'), this.ses()]);
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: this.emailFrom,
        Destination: { ToAddresses: [n.to] },
        Content: {
          Simple: {
            Subject: { Data: subject, Charset: 'UTF-8' },
            Body: { Text: { Data: text, Charset: 'UTF-8' } },
          },
        },
      }),
    );
  }
}
