import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsNotifier } from '#features/notifications/aws-notifier.ts';
import { onFirstUse } from '#platform/clients/on-first-use.ts';

// SNS and SES have no local server: the SDK boundary is mocked.
const sns = mockClient(SNSClient);
const ses = mockClient(SESv2Client);

function notifier(emailFrom?: string) {
  const made = { sns: 0, ses: 0 };
  const n = new AwsNotifier(
    onFirstUse(async () => {
      made.sns++;
      return new SNSClient({ region: 'cn-north-1' });
    }),
    onFirstUse(async () => {
      made.ses++;
      return new SESv2Client({ region: 'cn-north-1' });
    }),
    emailFrom,
  );
  return { n, made };
}

const tickets = { template: 'TICKETS_ISSUED' as const, data: { orderNumber: 'T1', tickets: 2 } };

describe('SMS and email through SNS and SES', () => {
  beforeEach(() => {
    sns.reset();
    ses.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm1' });
    ses.on(SendEmailCommand).resolves({ MessageId: 'e1' });
  });

  it('makes each client on its first send only, once', async () => {
    const { n, made } = notifier('tickets@example.com');
    expect(made).toEqual({ sns: 0, ses: 0 });
    await n.send({ to: '13800138000', channel: 'sms', ...tickets });
    await n.send({ to: '13800138001', channel: 'sms', ...tickets });
    expect(made).toEqual({ sns: 1, ses: 0 });
    await n.send({ to: 'a@example.com', channel: 'email', ...tickets });
    expect(made).toEqual({ sns: 1, ses: 1 });
  });

  it('sends a transactional SMS to the number with its country code, and the email from the sender', async () => {
    const { n } = notifier('tickets@example.com');
    await n.send({ to: '13800138000', channel: 'sms', ...tickets });
    const sms = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(sms.PhoneNumber).toBe('+8613800138000');
    expect(sms.Message).toContain('T1');
    expect(sms.MessageAttributes?.['AWS.SNS.SMS.SMSType']?.StringValue).toBe('Transactional');
    await n.send({ to: 'a@example.com', channel: 'email', ...tickets });
    const mail = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(mail.FromEmailAddress).toBe('tickets@example.com');
    expect(mail.Destination?.ToAddresses).toEqual(['a@example.com']);
  });

  it('sends no email without a verified sender, and tries a failed client again on the next send', async () => {
    const { n, made } = notifier(undefined);
    expect(n.sendsEmail).toBe(false);
    await n.send({ to: 'a@example.com', channel: 'email', ...tickets });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    let attempts = 0;
    const flaky = new AwsNotifier(
      onFirstUse(async () => {
        attempts++;
        if (attempts === 1) throw new Error('no credentials yet');
        return new SNSClient({ region: 'cn-north-1' });
      }),
      onFirstUse(async () => new SESv2Client({ region: 'cn-north-1' })),
      undefined,
    );
    await expect(flaky.send({ to: '13800138000', channel: 'sms', ...tickets })).rejects.toThrow(
      /no credentials/,
    );
    await flaky.send({ to: '13800138000', channel: 'sms', ...tickets });
    expect(attempts).toBe(2);
    expect(made.ses).toBe(0);
  });
});
