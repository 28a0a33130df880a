import { type ApiErrorBody, apiClient } from '#shared/api/client.ts';
import { setSignedIn, token } from './session.ts';

/** Same origin: locally the runtime serves the app and the API; in AWS CloudFront routes /v1/*. */
export const api = apiClient(window.location.origin, { token });

// A token the server no longer accepts (expired, logged out elsewhere) signs the app out.
api.use({
  onResponse({ response, request }) {
    if (response.status === 401 && request.headers.has('authorization')) setSignedIn(undefined);
    return response;
  },
});

/** An API refusal as people understand it: `message` is for the screen, `code` for the logic. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const MESSAGES: Record<string, string> = {
  SEAT_UNAVAILABLE: '手慢了，你选的座位刚被别人抢走了。座位图已刷新，请换个座位。',
  SOLD_OUT: '这个票档已经售罄了。',
  NO_ADJACENT_SEATS: '没有足够的连座了，试试少选几张或换个票档。',
  PURCHASE_LIMIT_EXCEEDED: '超过了限购数量。',
  ID_ALREADY_USED: '这个证件已经在本场购过票（一人一票）。',
  PRICE_MISMATCH: '价格有变化，请刷新后再试。',
  BUYER_COUNT_MISMATCH: '每张票需要一位观演人。',
  CAPTCHA_REQUIRED: '需要先完成人机验证。',
  RATE_LIMITED: '操作太频繁了，请稍等片刻再试。',
  ADMISSION_REQUIRED: '本场开启了排队，请先排队入场。',
  SALE_CLOSED: '本场已停止售票。',
  INVALID_STATE: '当前状态下不能这样操作。',
  UNAUTHENTICATED: '请先登录。',
  FORBIDDEN: '没有权限。',
  NOT_FOUND: '没有找到。',
  VALIDATION_FAILED: '填写的内容有误，请检查。',
  USER_EXISTS: '这个手机号或邮箱已经注册过了。',
  VOUCHER_INVALID: '优惠码不能用于本单。',
  VOUCHER_EXHAUSTED: '优惠码已经被领完了。',
  VOUCHER_EXISTS: '这个优惠码已经存在。',
  ALREADY_USED: '这张票已经检过了！',
  INVALID_TICKET: '无效票：二维码不是本系统签发的或已被篡改。',
  WRONG_SESSION: '这张票不是本场次的。',
  OUTSIDE_CHECK_IN_WINDOW: '现在不在检票时间内。',
  UNAVAILABLE: '系统繁忙，请稍后重试。',
  IDEMPOTENCY_CONFLICT: '请求重复，请刷新后再试。',
};

/** Turns an error body into an ApiError with a Chinese message (never a raw code on screen). */
export function toApiError(body: unknown, status: number): ApiError {
  const e = (body as Partial<ApiErrorBody> | undefined)?.error;
  const code = e?.code ?? (status >= 500 ? 'UNAVAILABLE' : 'UNKNOWN');
  const details = e?.details ?? {};
  let message = MESSAGES[code] ?? '出了点问题，请稍后再试。';
  if (code === 'PURCHASE_LIMIT_EXCEEDED') {
    const limit = details.limit ?? details.maxPerOrder;
    if (limit !== undefined) message = `超过限购数量：每人最多 ${String(limit)} 张。`;
  }
  if (code === 'SOLD_OUT' && typeof details.remaining === 'number' && details.remaining > 0)
    message = `余票不足，只剩 ${details.remaining} 张。`;
  if (code === 'INVALID_STATE' && details.status === 'VOID') message = '这张票已作废（已退款）。';
  if (code === 'INVALID_STATE' && details.reason === 'TICKET_USED') message = '票已检过，不能退款。';
  if (code === 'INVALID_STATE' && details.reason === 'SESSION_STARTED') message = '演出已开始，不能退款。';
  if (code === 'INVALID_STATE' && details.status === 'NOT_ON_SALE') message = '还没开售。';
  if (code === 'INVALID_STATE' && details.status === 'CANCELLED') message = '本场演出已取消。';
  return new ApiError(code, message, status, details);
}

/** Unwraps an openapi-fetch answer: its data, or an ApiError thrown. */
export async function call<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let r: { data?: T; error?: unknown; response: Response };
  try {
    r = await p;
  } catch {
    throw new ApiError('NETWORK', '网络不给力，请检查网络后重试。', 0);
  }
  if (r.response.ok) return r.data as T;
  throw toApiError(r.error, r.response.status);
}

export const yuan = (cents: number): string => `¥${(cents / 100).toFixed(cents % 100 === 0 ? 0 : 2)}`;

export const when = (iso: string): string =>
  new Date(iso).toLocaleString('zh-CN', {
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });

/** A fresh Idempotency-Key: the same key is reused when the same action is retried. */
export const newKey = (): string => crypto.randomUUID();
