import type { NotificationTemplate } from './port.ts';

const yuan = (cents: string | number) => (Number(cents) / 100).toFixed(2);

/** The texts buyers receive (Chinese, as the apps): a subject for email, the message for both. */
export function render(
  template: NotificationTemplate,
  data: Record<string, string | number>,
): { subject: string; text: string } {
  switch (template) {
    case 'TICKETS_ISSUED':
      return {
        subject: `订单 ${data.orderNumber} 已出票`,
        text: `您的订单 ${data.orderNumber} 已出票，共 ${data.tickets} 张。入场时请出示电子票二维码。`,
      };
    case 'REFUND_COMPLETED':
      return {
        subject: `订单 ${data.orderNumber} 已退款`,
        text: `订单 ${data.orderNumber} 的 ¥${yuan(data.amountCents ?? 0)} 已原路退回，请留意到账。`,
      };
    case 'SESSION_CANCELLED':
      return {
        subject: `演出取消：订单 ${data.orderNumber}`,
        text:
          data.refund === 'yes'
            ? `很抱歉，您订单 ${data.orderNumber} 的演出已取消（${data.reason}）。票款将原路全额退回，电子票已作废。`
            : `很抱歉，您订单 ${data.orderNumber} 的演出已取消（${data.reason}），订单已关闭，无需支付。`,
      };
    case 'WAITLIST_OFFER':
      return {
        subject: '候补成功，请尽快支付',
        text: `您候补的 ${data.count} 张票已为您保留，请在 ${data.offerExpiresAt} 前完成下单支付。`,
      };
  }
}
