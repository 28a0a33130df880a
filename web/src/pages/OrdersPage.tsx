import { List, NavBar, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { Failed, useLoad, Waiting } from '../components/Loading.tsx';
import { api, call, when, yuan } from '../lib/api.ts';
import { signedIn } from '../lib/session.ts';
import { STATUS_TEXT } from './OrderPage.tsx';

/** The buyer's orders, newest first. */
export default function OrdersPage() {
  const navigate = useNavigate();
  const orders = useLoad(
    async () => (signedIn() ? call(api.GET('/v1/orders', { params: { query: { limit: 50 } } })) : undefined),
    [],
  );
  if (!signedIn()) {
    navigate('/login?next=/orders', { replace: true });
    return null;
  }
  return (
    <>
      <NavBar back={null}>我的订单</NavBar>
      {orders.error ? <Failed error={orders.error} /> : null}
      {!orders.data && !orders.error ? <Waiting /> : null}
      <List>
        {orders.data?.items.map((o) => (
          <List.Item
            key={o.orderNumber}
            onClick={() => navigate(`/orders/${o.orderNumber}`)}
            description={`${o.show ? when(o.show.startsAt) : ''} · ${o.seats.length} 张 · ${yuan(o.amountCents)}`}
            extra={<Tag>{STATUS_TEXT[o.status] ?? o.status}</Tag>}
          >
            {o.show?.title ?? o.orderNumber}
          </List.Item>
        ))}
      </List>
    </>
  );
}
