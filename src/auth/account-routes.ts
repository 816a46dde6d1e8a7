import { defineRoute } from '../protocol/route.js';
import { commonParams } from './params.js';
import { field } from '../protocol/reply.js';
import { rolesField } from './session-views.js';

export const showUserRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/users/show',
  title: 'Show User',
  purpose:
    'Returns the signed-in user’s account: name, email, phone, when it was created and when its password last changed, and the client, employee and liaison records the user holds.',
  service: 'users',
  auth: { kind: 'user' },
  params: { ...commonParams },
  reply: field.object({
    user: field.object({
      id: field.integer({ example: 42 }),
      email: field.string({ example: 'client@demo.planocore.test' }),
      first_name: field.string({ example: 'Dana' }),
      last_name: field.string({ example: 'Whitfield' }),
      phone: field.string({ nullable: true, example: '+1 512 555 0142' }),
      created_at: field.datetime(),
      password_changed_at: field.datetime({ nullable: true, description: 'null if it never changed.' }),
    }),
    roles: rolesField,
  }),
  handler: async (_input, ctx) => {
    const user = await ctx.db
      .selectFrom('users')
      .select(['id', 'email', 'first_name', 'last_name', 'phone', 'created_at', 'password_changed_at'])
      .where('id', '=', ctx.auth.userId)
      .executeTakeFirstOrThrow();
    return {
      user: {
        id: user.id,
        email: user.email,
        first_name: user.first_name,
        last_name: user.last_name,
        phone: user.phone,
        created_at: user.created_at.toISOString(),
        password_changed_at: user.password_changed_at?.toISOString() ?? null,
      },
      roles: {
        client_id: ctx.auth.session.client_id,
        employee_id: ctx.auth.session.employee_id,
        liaison_id: ctx.auth.session.liaison_id,
      },
    };
  },
});

export const accountRoutes = [showUserRoute];
