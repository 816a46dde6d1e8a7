import { describe, expectTypeOf, it } from 'vitest';
import type {
  ApplicationAuth,
  AuthState,
  ClientAuth,
  EmployeeAuth,
  LiaisonAuth,
  SignedInAuth,
} from '../../src/protocol/auth-state.js';
import type { AuthFor } from '../../src/protocol/route.js';

// Checked by tsc (`npm run lint`): a handler's ctx.auth follows from its route's AuthRequirement.
describe('AuthFor', () => {
  it('gives one role its own kind, with its role id as a number', () => {
    type Employee = AuthFor<{ kind: 'roles'; roles: readonly ['employee'] }>;
    expectTypeOf<Employee>().toEqualTypeOf<EmployeeAuth>();
    expectTypeOf<Employee['employeeId']>().toEqualTypeOf<number>();
    expectTypeOf<Employee['userId']>().toEqualTypeOf<number>();
    expectTypeOf<Employee['sessionId']>().toEqualTypeOf<number>();
  });

  it('gives several roles the union of their kinds', () => {
    type Staff = AuthFor<{ kind: 'roles'; roles: readonly ['employee', 'liaison'] }>;
    expectTypeOf<Staff>().toEqualTypeOf<EmployeeAuth | LiaisonAuth>();
    type Anyone = AuthFor<{ kind: 'roles'; roles: readonly ['employee', 'liaison', 'client'] }>;
    expectTypeOf<Anyone>().toEqualTypeOf<EmployeeAuth | LiaisonAuth | ClientAuth>();
  });

  it('gives user routes any signed-in kind, application routes the application, public null', () => {
    expectTypeOf<AuthFor<{ kind: 'user' }>>().toEqualTypeOf<SignedInAuth>();
    expectTypeOf<AuthFor<{ kind: 'application' }>>().toEqualTypeOf<ApplicationAuth>();
    expectTypeOf<AuthFor<{ kind: 'public' }>>().toEqualTypeOf<null>();
  });

  it('narrows on kind', () => {
    const clientIdOf = (auth: AuthState) => (auth.kind === 'client' ? auth.clientId : null);
    expectTypeOf(clientIdOf).returns.toEqualTypeOf<number | null>();
    // @ts-expect-error an application token has no user
    const userOf = (auth: ApplicationAuth) => auth.userId;
    void userOf;
  });
});
