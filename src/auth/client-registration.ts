import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';
import { ApiError, type ParamError } from '../protocol/errors.js';
import { param } from '../protocol/params.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.js';
import { EMAIL_MAX_LENGTH, isEmail } from './users.js';

const PHONE = /^\+?[0-9 ().-]{7,20}$/;

/** The profile fields of `client.*`, shared by both registration routes. */
export const clientProfileParams = {
  first_name: param.string({
    position: 3,
    required: true,
    maxLength: 100,
    example: 'Jane',
    description: 'First name.',
  }),
  last_name: param.string({
    position: 4,
    required: true,
    maxLength: 100,
    example: 'Doe',
    description: 'Last name.',
  }),
  phone: param.string({
    position: 5,
    maxLength: 30,
    example: '+1 303-555-0142',
    description: 'Phone number.',
  }),
  company_id: param.integer({
    position: 6,
    example: 27,
    description: 'PlanoCore id of the client’s existing company.',
  }),
  company_name: param.string({
    position: 7,
    maxLength: 200,
    example: 'Front Range Realty',
    description: 'Name of a new company to create for the client, when company_id is not given.',
  }),
};

export const clientCredentialParams = {
  email: param.string({
    position: 1,
    required: true,
    maxLength: EMAIL_MAX_LENGTH,
    example: 'jane.doe@frontrangerealty.example',
    description: 'Email address; must not be registered yet.',
  }),
  password: param.string({
    position: 2,
    required: true,
    maxLength: PASSWORD_MAX_LENGTH,
    example: 'correct-horse-battery-staple',
    description: `Password, at least ${PASSWORD_MIN_LENGTH} characters.`,
  }),
};

export interface ClientProfile {
  first_name: string;
  last_name: string;
  phone?: string;
  company_id?: number;
  company_name?: string;
}

function failure(param: string, message: string): ParamError {
  return {
    param: `client.${param}`,
    status: 'client-validation-failed',
    message: `client.${param} ${message}`,
  };
}

/** Checks what types alone cannot; every failing field is reported together. */
export async function validateClient(
  db: Kysely<Database>,
  client: ClientProfile & { email?: string; password?: string },
): Promise<void> {
  const errors: ParamError[] = [];
  if (client.email !== undefined && !isEmail(client.email))
    errors.push(failure('email', 'is not an email address'));
  if (client.password !== undefined && [...client.password].length < PASSWORD_MIN_LENGTH) {
    errors.push(failure('password', `must be at least ${PASSWORD_MIN_LENGTH} characters`));
  }
  if (client.first_name.trim() === '') errors.push(failure('first_name', 'must not be blank'));
  if (client.last_name.trim() === '') errors.push(failure('last_name', 'must not be blank'));
  if (client.phone !== undefined && !PHONE.test(client.phone))
    errors.push(failure('phone', 'is not a phone number'));
  if (client.company_id !== undefined) {
    const company = await db
      .selectFrom('companies')
      .select('id')
      .where('id', '=', client.company_id)
      .executeTakeFirst();
    if (!company) errors.push(failure('company_id', 'does not exist'));
  }
  if (errors.length > 0) {
    throw new ApiError('client-validation-failed', errors.map((e) => e.message).join('; '), errors);
  }
}

/** Creates the client record (and a new company when named), inside the caller's transaction. */
export async function insertClient(
  trx: Transaction<Database>,
  userId: number,
  client: ClientProfile,
  enterprise: boolean,
): Promise<{ id: number; company_id: number | null }> {
  let companyId = client.company_id ?? null;
  if (companyId === null && client.company_name?.trim()) {
    const company = await trx
      .insertInto('companies')
      .values({ name: client.company_name.trim() })
      .returning('id')
      .executeTakeFirstOrThrow();
    companyId = company.id;
  }
  return trx
    .insertInto('clients')
    .values({ user_id: userId, company_id: companyId, enterprise })
    .returning(['id', 'company_id'])
    .executeTakeFirstOrThrow();
}

export function emailAlreadyRegistered(): ApiError {
  return new ApiError(
    'email-already-registered',
    'A user with this email address already exists; sign in instead.',
    [
      {
        param: 'client.email',
        status: 'email-already-registered',
        message: 'client.email is already registered',
      },
    ],
  );
}
