import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commonParams } from '../../src/auth/params.js';
import { defineRoute } from '../../src/protocol/route.js';
import { allRoutes } from '../../src/routes.js';
import { createUser, PASSWORD, signIn, signedIn } from '../helpers/auth.js';
import { encodeSensitive, startTestServer, type TestServer } from '../helpers/server.js';
import { field } from '../../src/protocol/reply.js';

const employeesOnly = defineRoute({
  method: 'GET',
  path: '/api/v1/probe/employees_only',
  title: 'Employees Only',
  purpose: 'A route only employees may call.',
  service: 'probe',
  auth: { kind: 'roles', roles: ['employee'] },
  params: { ...commonParams },
  reply: field.object({ role: field.string(), employee_id: field.integer() }),
  handler: async (_input, ctx) => ({ role: ctx.auth.kind, employee_id: ctx.auth.employeeId }),
});

/** Answers the kind of caller a `user` route sees, and the role id that kind carries. */
const anyUser = defineRoute({
  method: 'GET',
  path: '/api/v1/probe/any_user',
  title: 'Any User',
  purpose: 'A route any signed-in user may call.',
  service: 'probe',
  auth: { kind: 'user' },
  params: { ...commonParams },
  reply: field.object({
    kind: field.string(),
    role_id: field.integer({ nullable: true }),
    user_id: field.integer(),
    application: field.string(),
  }),
  handler: async (_input, ctx) => {
    const auth = ctx.auth;
    const roleId =
      auth.kind === 'client'
        ? auth.clientId
        : auth.kind === 'employee'
          ? auth.employeeId
          : auth.kind === 'liaison'
            ? auth.liaisonId
            : null;
    return { kind: auth.kind, role_id: roleId, user_id: auth.userId, application: auth.applicationSlug };
  },
});

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ routes: [...allRoutes, employeesOnly, anyUser] });
});
afterAll(async () => server?.close());

const callProbe = (token: string, application?: string) =>
  server.call('GET', '/api/v1/probe/employees_only', {
    query: { token, ...(application ? { application } : {}) },
  });

describe('roles', () => {
  it('lets an employee signed in to PlanoOrder through', async () => {
    const employee = await signedIn(server, 'employee');
    const res = await callProbe(employee.token);
    expect(res.body).toMatchObject({
      status: 'action-successful',
      data: { role: 'employee', employee_id: employee.employeeId },
    });
  });

  it('answers permission-denied 403 to a client, with the session', async () => {
    const client = await signedIn(server, 'client');
    const res = await callProbe(client.token);
    expect(res.http).toBe(403);
    expect(res.body.status).toBe('permission-denied');
    expect(res.body.session.role).toBe('client');
  });

  it('picks the role from the application param', async () => {
    const user = await createUser(server.app.context.db, ['client', 'employee']);
    const token = await signIn(server, user.email, 'planoauth');
    expect((await callProbe(token)).body.status).toBe('permission-denied');
    const asEmployee = await callProbe(token, 'planoorder');
    expect(asEmployee.body).toMatchObject({ status: 'action-successful', data: { role: 'employee' } });
    expect(asEmployee.body.session.application).toBe('planoorder');
  });

  it('answers role-required 403 when the application acts as a role the user lacks', async () => {
    const client = await signedIn(server, 'client');
    const res = await callProbe(client.token, 'planoorder');
    expect(res.http).toBe(403);
    expect(res.body.status).toBe('role-required');
  });

  it('answers client-required 401 with the session to a user without roles', async () => {
    const user = await createUser(server.app.context.db, []);
    const created = await server.call('POST', '/api/v1/sessions/create', {
      body: encodeSensitive({ email: user.email, password: PASSWORD }),
      contentType: 'text/plain',
    });
    const res = await callProbe(created.body.session.token, 'planoorder');
    expect(res.http).toBe(401);
    expect(res.body.status).toBe('client-required');
    expect(res.body.session.user_id).toBe(user.userId);
  });

  it('gives a user route the kind the application picks, or `user` without that role', async () => {
    const user = await createUser(server.app.context.db, ['client', 'liaison']);
    const token = await signIn(server, user.email, 'planoauth');
    const probe = async (application?: string) =>
      (
        await server.call('GET', '/api/v1/probe/any_user', {
          query: { token, ...(application ? { application } : {}) },
        })
      ).body;
    expect((await probe()).data).toEqual({
      kind: 'client',
      role_id: user.clientId,
      user_id: user.userId,
      application: 'planoauth',
    });
    expect((await probe('planox2')).data).toMatchObject({ kind: 'liaison', role_id: user.liaisonId });
    const asEmployee = await probe('planoorder');
    expect(asEmployee.status).toBe('action-successful');
    expect(asEmployee.data).toEqual({
      kind: 'user',
      role_id: null,
      user_id: user.userId,
      application: 'planoorder',
    });
  });

  it('gives a user route `user` for a user without any role', async () => {
    const user = await createUser(server.app.context.db, []);
    const created = await server.call('POST', '/api/v1/sessions/create', {
      body: encodeSensitive({ email: user.email, password: PASSWORD }),
      contentType: 'text/plain',
    });
    const res = await server.call('GET', '/api/v1/probe/any_user', {
      query: { token: created.body.session.token },
    });
    expect(res.body.data).toMatchObject({ kind: 'user', role_id: null, user_id: user.userId });
  });

  it('refuses to start a server with an authenticated route that takes no token', async () => {
    const broken = defineRoute({
      method: 'GET',
      path: '/api/v1/probe/no_token',
      title: 'Broken',
      purpose: 'Declares auth without a token.',
      service: 'probe',
      auth: { kind: 'user' },
      params: {},
      reply: field.object({}),
      handler: async () => ({}),
    });
    await expect(startTestServer({ routes: [broken] })).rejects.toThrow(/token/);
  });
});
