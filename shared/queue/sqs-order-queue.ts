import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { OrderMessage, OrderQueue } from '#shared/ports/orders.ts';

/** The V4 order queue on SQS; the endpoint comes from AWS_ENDPOINT_URL_SQS when set. */
export class SqsOrderQueue implements OrderQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(message: OrderMessage): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        MessageAttributes: { orderNumber: { DataType: 'String', StringValue: message.orderNumber } },
      }),
    );
  }
}
