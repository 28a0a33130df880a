import { Button, List, NavBar, SwipeAction, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { Failed, useLoad } from '../components/Loading.tsx';
import { type ApiError, api, call } from '../lib/api.ts';
import { setSignedIn, signedIn } from '../lib/session.ts';

/** The account: who is signed in, the ticket buyers (swipe to delete), log out. */
export default function MePage() {
  const navigate = useNavigate();
  const me = useLoad(async () => (signedIn() ? call(api.GET('/v1/users/me')) : undefined), []);
  const buyers = useLoad(async () => (signedIn() ? call(api.GET('/v1/users/me/buyers')) : undefined), []);
  if (!signedIn()) {
    navigate('/login?next=/me', { replace: true });
    return null;
  }
  const logout = async () => {
    await call(api.POST('/v1/auth/logout')).catch(() => undefined);
    setSignedIn(undefined);
    navigate('/');
  };
  const remove = async (buyerId: string) => {
    try {
      await call(api.DELETE('/v1/users/me/buyers/{buyerId}', { params: { path: { buyerId } } }));
      await buyers.reload();
    } catch (e) {
      Toast.show({ content: (e as ApiError).message });
    }
  };
  return (
    <>
      <NavBar back={null}>我的</NavBar>
      {me.error ? <Failed error={me.error} /> : null}
      {me.data ? (
        <List header="账号">
          <List.Item extra={me.data.role}>{me.data.name}</List.Item>
          <List.Item extra={me.data.mobile}>手机</List.Item>
          {me.data.email ? <List.Item extra={me.data.email}>邮箱</List.Item> : null}
        </List>
      ) : null}
      <List header="观演人（左滑删除）">
        {buyers.data?.items.map((b) => (
          <SwipeAction
            key={b.buyerId}
            rightActions={[{ key: 'del', text: '删除', color: 'danger', onClick: () => remove(b.buyerId) }]}
          >
            <List.Item description={b.idNumber}>{b.name}</List.Item>
          </SwipeAction>
        ))}
      </List>
      <div className="page">
        <Button block onClick={logout}>
          退出登录
        </Button>
      </div>
    </>
  );
}
