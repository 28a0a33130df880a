import { Button, Form, Input, NavBar, Tabs, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { type ApiError, api, call } from '../lib/api.ts';
import { solveCaptcha } from '../lib/captcha.ts';
import { setSignedIn } from '../lib/session.ts';

/** Log in (mobile or email) and register; solves the captcha when the API asks for one (428). */
export default function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next') ?? '/';
  const [tab, setTab] = useState('login');
  const [busy, setBusy] = useState('');

  /** Runs `send`, and once more with a solved captcha when the API answers CAPTCHA_REQUIRED. */
  const withCaptcha = async <T,>(send: (captcha?: string) => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (e) {
      if ((e as ApiError).code !== 'CAPTCHA_REQUIRED') throw e;
      setBusy('人机验证中…');
      return send(await solveCaptcha());
    }
  };

  const login = async (v: { who: string; password: string }) => {
    setBusy('登录中…');
    try {
      const who = v.who.trim();
      const id = who.includes('@') ? { email: who } : { mobile: who };
      const r = await withCaptcha((captcha) =>
        call(
          api.POST('/v1/auth/login', {
            body: { ...id, password: v.password, ...(captcha ? { captcha } : {}) },
          }),
        ),
      );
      setSignedIn({ token: r.token, expiresAt: r.expiresAt, user: r.user });
      navigate(next, { replace: true });
    } catch (e) {
      Toast.show({
        content: (e as ApiError).code === 'UNAUTHENTICATED' ? '账号或密码不对' : (e as ApiError).message,
      });
    } finally {
      setBusy('');
    }
  };

  const register = async (v: { name: string; mobile: string; email?: string; password: string }) => {
    setBusy('注册中…');
    try {
      await withCaptcha((captcha) =>
        call(
          api.POST('/v1/users', {
            body: {
              name: v.name,
              mobile: v.mobile,
              password: v.password,
              ...(v.email ? { email: v.email } : {}),
              ...(captcha ? { captcha } : {}),
            },
          }),
        ),
      );
      await login({ who: v.mobile, password: v.password });
    } catch (e) {
      Toast.show({ content: (e as ApiError).message });
      setBusy('');
    }
  };

  return (
    <>
      <NavBar onBack={() => navigate(-1)}>登录</NavBar>
      <Tabs activeKey={tab} onChange={setTab}>
        <Tabs.Tab title="登录" key="login">
          <Form
            onFinish={login}
            footer={
              <Button block type="submit" color="primary" loading={Boolean(busy)} loadingText={busy}>
                登录
              </Button>
            }
          >
            <Form.Item name="who" label="手机号或邮箱" rules={[{ required: true }]}>
              <Input placeholder="13800000000" autoComplete="username" />
            </Form.Item>
            <Form.Item name="password" label="密码" rules={[{ required: true }]}>
              <Input type="password" autoComplete="current-password" />
            </Form.Item>
          </Form>
        </Tabs.Tab>
        <Tabs.Tab title="注册" key="register">
          <Form
            onFinish={register}
            footer={
              <Button block type="submit" color="primary" loading={Boolean(busy)} loadingText={busy}>
                注册并登录
              </Button>
            }
          >
            <Form.Item name="name" label="昵称" rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item
              name="mobile"
              label="手机号"
              rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: '11 位手机号' }]}
            >
              <Input type="tel" />
            </Form.Item>
            <Form.Item name="email" label="邮箱（可选）">
              <Input type="email" />
            </Form.Item>
            <Form.Item
              name="password"
              label="密码"
              rules={[{ required: true, min: 8, message: '至少 8 位' }]}
            >
              <Input type="password" autoComplete="new-password" />
            </Form.Item>
          </Form>
        </Tabs.Tab>
      </Tabs>
    </>
  );
}
