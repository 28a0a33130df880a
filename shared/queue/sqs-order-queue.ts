import type { SQSClient } from '@aws-sdk/client-sqs';
import { encodeOrderMessage } from '#shared/orders/order-message.ts';
import type { OrderMessage, OrderQueue } from '#shared/ports/orders.ts';

/** The V4 order queue on SQS; the endpoint comes from AWS_ENDPOINT_URL_SQS when set. */
export class SqsOrderQueue implements OrderQueue {
  constructor(
    /** Made on first use (platform/clients/on-first-use.ts): the SDK package loads then. */
    private readonly client: () => Promise<SQSClient>,
    private readonly queueUrl: string,
  ) {}

  async send(message: OrderMessage): Promise<void> {
    const [{ SendMessageCommand }, client] = await Promise.all([
      import('@aws-sdk/client-sqs'),
      this.client(),
    ]);
    await client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: encodeOrderMessage(message),
        MessageAttributes: { orderNumber: { DataType: 'String', StringValue: message.orderNumber } },
      }),
    );
  }
}
