import type { components } from '#shared/api/openapi-types.ts';

export type SessionStatus = components['schemas']['Session']['status'];

/**
 * How the app shows each session status the API sends (the server decides the status from its
 * session-status table; the app only words it). Keyed by the contract's own enum, so a status
 * added to the API does not compile until it is worded here.
 */
export const SESSION_STATUS_VIEW: Record<
  SessionStatus,
  {
    tag: (saleOpensAt: string) => string;
    color: 'danger' | 'default' | 'warning';
    /** Buyers may pick seats. */
    buy: boolean;
    /** No seat map to look at: the show will not take place. */
    cancelled: boolean;
    note: string;
  }
> = {
  SCHEDULED: {
    tag: (opensAt) => `${opensAt} 开售`,
    color: 'default',
    buy: false,
    cancelled: false,
    note: '',
  },
  ON_SALE: { tag: () => '售票中', color: 'danger', buy: true, cancelled: false, note: '' },
  CLOSED: { tag: () => '已停售', color: 'default', buy: false, cancelled: false, note: '本场已停止售票' },
  CANCELLING: {
    tag: () => '已取消',
    color: 'warning',
    buy: false,
    cancelled: true,
    note: '本场演出已取消，已付款的订单将全额退款',
  },
  CANCELLED: {
    tag: () => '已取消',
    color: 'warning',
    buy: false,
    cancelled: true,
    note: '本场演出已取消，已付款的订单将全额退款',
  },
};
