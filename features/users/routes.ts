import { caller } from '#platform/http/handler.ts';
import { created, noContent, ok } from '#platform/http/responses.ts';
import { type DepsOf, defineRoute, returns } from '#platform/http/route.ts';
import { guardRegistration, login, logout, me, register } from './accounts.ts';
import { addBuyer, listBuyers, removeBuyer } from './buyers.ts';
import type { UsersDeps } from './port.ts';
import {
  type Buyer,
  BuyerBody,
  BuyerIdParams,
  type BuyerList,
  type Login,
  LoginBody,
  type Me,
  RegisterBody,
  type UserCreated,
} from './schema.ts';

export const usersRegister = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/users',
  auth: 'none',
  body: RegisterBody,
  rateLimit: 'IP_REGISTER',
  response: /* @__PURE__ */ returns<typeof UserCreated>(),
  needs: { table: 'readWrite', secrets: ['gate'] },
  run: async ({ body }, d: UsersDeps) => {
    await guardRegistration(d, body.captcha);
    return created(await register(d, body));
  },
});

export const authLogin = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/auth/login',
  auth: 'none',
  body: LoginBody,
  rateLimit: 'IP_LOGIN',
  response: /* @__PURE__ */ returns<typeof Login>(),
  needs: { table: 'read', secrets: ['tokenSigning', 'gate', 'pii'] },
  run: async ({ body, sourceIp }, d: UsersDeps) => ok(await login(d, body, sourceIp)),
});

export const authLogout = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/auth/logout',
  auth: 'user',
  needs: { table: 'none' },
  container: 'core',
  run: async (req, d: DepsOf<typeof logout>) => {
    await logout(d, caller(req));
    return noContent();
  },
});

export const usersMe = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/v1/users/me',
  auth: 'user',
  response: /* @__PURE__ */ returns<typeof Me>(),
  needs: { table: 'read' },
  run: async (req, d: DepsOf<typeof me>) => ok(await me(d, caller(req))),
});

export const buyersCreate = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/v1/users/me/buyers',
  auth: 'user',
  body: BuyerBody,
  response: /* @__PURE__ */ returns<typeof Buyer>(),
  needs: { table: 'readWrite', secrets: ['pii'] },
  container: 'core',
  run: async (req, d: DepsOf<typeof addBuyer>) => created(await addBuyer(d, caller(req).userId, req.body)),
});

export const buyersList = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/v1/users/me/buyers',
  auth: 'user',
  response: /* @__PURE__ */ returns<typeof BuyerList>(),
  needs: { table: 'read', secrets: ['pii'] },
  container: 'core',
  run: async (req, d: DepsOf<typeof listBuyers>) => ok({ items: await listBuyers(d, caller(req).userId) }),
});

export const buyersDelete = /* @__PURE__ */ defineRoute({
  method: 'DELETE',
  path: '/v1/users/me/buyers/{buyerId}',
  auth: 'user',
  params: BuyerIdParams,
  needs: { table: 'readWrite' },
  container: 'core',
  run: async (req, d: DepsOf<typeof removeBuyer>) => {
    await removeBuyer(d, caller(req).userId, req.params.buyerId);
    return noContent();
  },
});

/** The feature's routes by the function that serves each (functions/<name>/index.ts). */
export const USERS_ROUTES = {
  'users-register': usersRegister,
  'auth-login': authLogin,
  'auth-logout': authLogout,
  'users-me': usersMe,
  'buyers-create': buyersCreate,
  'buyers-list': buyersList,
  'buyers-delete': buyersDelete,
};
