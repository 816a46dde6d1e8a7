/**
 * The bare Fastify baseline `npm run bench` measures PlanoCore against: the same four requests
 * with none of the protocol (no route records, decoding, validation, envelope helpers, auth,
 * logging, metrics), answered with the same reply (envelope, request id, reply headers). Reads
 * PORT, DATABASE_URL or PGLITE_DATA_DIR (a database PlanoCore has seeded) and BENCH_EMAIL, the
 * demo user whose row and password hash it reads.
 */
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { verify } from '@node-rs/argon2';
import Fastify from 'fastify';
import pg from 'pg';
import { withReplyHeaders } from '../src/http/reply-headers.js';

const port = Number(process.env.PORT);

type Row = {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  created_at: Date;
  password_changed_at: Date | null;
};
const SELECT_USER =
  'select id, email, first_name, last_name, phone, created_at, password_changed_at from users where id = $1';

interface Driver {
  query<T>(text: string, values: unknown[]): Promise<{ rows: T[] }>;
}

async function openDriver(): Promise<Driver> {
  if (process.env.DATABASE_URL) return new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  return PGlite.create({ dataDir: process.env.PGLITE_DATA_DIR! });
}

const driver = await openDriver();
const selectUser = async (id: number) => (await driver.query<Row>(SELECT_USER, [id])).rows[0];
const [benchUser] = (
  await driver.query<{ id: number; password_hash: string }>(
    'select id, password_hash from users where email = $1',
    [process.env.BENCH_EMAIL],
  )
).rows;
if (!benchUser) throw new Error(`no user ${process.env.BENCH_EMAIL}: start PlanoCore on this database first`);
const app = Fastify({ logger: false, genReqId: () => randomUUID() });
// The reply contract PlanoCore keeps on every reply: a random UUID as the request id (in
// `x-request-id` and the envelope) and the security headers. Without them the baseline's replies
// are 155 bytes shorter and (a) measured those bytes more than the protocol.
app.addHook('onSend', (request, reply, payload, done) => {
  withReplyHeaders(request, reply);
  done(null, payload);
});

// (a) the same envelope as GET /api/v1/system/status
app.get('/api/v1/system/status', async (request) => ({
  status: 'action-successful',
  data: {
    name: 'PlanoCore',
    version: '0.1.0',
    database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    time: new Date().toISOString(),
    echo: (request.query as { echo?: string }).echo ?? null,
  },
  session: null,
  request_id: request.id,
}));

// (b) the same primary-key SELECT as GET /api/v1/users/show, with the same driver, in an envelope
app.get('/api/v1/users/show', async (request) => {
  const user = (await selectUser(benchUser.id))!;
  return {
    status: 'action-successful',
    data: {
      user: {
        ...user,
        created_at: user.created_at.toISOString(),
        password_changed_at: user.password_changed_at?.toISOString() ?? null,
      },
    },
    session: null,
    request_id: request.id,
  };
});

// (c) one argon2id verify of the same hash (the cost that dominates sign-in)
app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => done(null, body));
app.post('/api/v1/sessions/create', async (request) => {
  const params = JSON.parse(Buffer.from(request.body as string, 'base64').toString('utf8')) as {
    password: string;
  };
  const ok = await verify(benchUser.password_hash, params.password);
  return { status: ok ? 'action-successful' : 'invalid-password', data: null, session: null };
});

// (d) the same three statements as GET /api/v1/orders/list for an employee (count, one page of
// orders, their line items), rendered into the same reply
const ORDER_PAGE = `select o.id, o.client_id, o.tour_id, o.address, o.status, o.notes,
  to_char(o.due_date, 'YYYY-MM-DD') as due_date, o.delivery_rush, o.created_at, o.updated_at
  from orders as o order by o.created_at desc, o.id desc limit $1 offset $2`;
type OrderRow = { id: number; created_at: Date; updated_at: Date } & Record<string, unknown>;
type ItemRow = {
  order_id: number;
  status: string;
  price: number;
  processed_at: Date | null;
  created_at: Date;
  updated_at: Date;
} & Record<string, unknown>;
const MONEY = [
  'base_price',
  'unit_price',
  'gross_price',
  'net_price',
  'base_price_final',
  'unit_price_final',
  'discount',
];
app.get('/api/v1/orders/list', async (request) => {
  const perPage = Number((request.query as { per_page?: string }).per_page ?? 25);
  const [counted, page] = await Promise.all([
    driver.query<{ total: number | string }>('select count(*) as total from orders as o', []),
    driver.query<OrderRow>(ORDER_PAGE, [perPage, 0]),
  ]);
  const ids = page.rows.map((o) => o.id);
  const items =
    ids.length === 0
      ? { rows: [] as ItemRow[] }
      : await driver.query<ItemRow>(
          `select * from line_items
           where order_id in (${ids.map((_, i) => `$${i + 1}`).join(', ')}) order by order_id, id`,
          ids,
        );
  const byOrder = new Map<number, unknown[]>();
  const totals = new Map<number, number>();
  for (const item of items.rows) {
    const list = byOrder.get(item.order_id) ?? [];
    const rendered: Record<string, unknown> = {
      ...item,
      active: item.status !== 'canceled',
      price: Number(item.price) / 100,
      processed_at: item.processed_at?.toISOString() ?? null,
      created_at: item.created_at.toISOString(),
      updated_at: item.updated_at.toISOString(),
    };
    for (const name of MONEY) rendered[name] = item[name] === null ? null : Number(item[name]) / 100;
    list.push(rendered);
    byOrder.set(item.order_id, list);
    if (item.status !== 'canceled')
      totals.set(item.order_id, (totals.get(item.order_id) ?? 0) + Number(item.price));
  }
  const total = Number(counted.rows[0]!.total);
  return {
    status: 'action-successful',
    data: {
      results: page.rows.map((o) => ({
        ...o,
        created_at: o.created_at.toISOString(),
        updated_at: o.updated_at.toISOString(),
        line_items: byOrder.get(o.id) ?? [],
        total_price: (totals.get(o.id) ?? 0) / 100,
      })),
      pagination: { page: 1, per_page: perPage, total, total_pages: Math.ceil(total / perPage) },
    },
    session: null,
    request_id: request.id,
  };
});

await app.listen({ host: '127.0.0.1', port });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void app.close().then(() => process.exit(0)));
}
