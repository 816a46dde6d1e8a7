import { commonParams } from '../auth/params.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute } from '../protocol/route.js';
import { serviceContext } from '../protocol/service-context.js';
import { appointmentFieldParams } from './params.js';
import { appointmentField, appointmentView } from './records.js';
import { createAppointment, readAppointment, updateAppointment } from './service.js';

const idParam = param.integer({
  position: 400,
  required: true,
  min: 1,
  example: 31,
  description: 'Id of the appointment.',
});

const TIMES =
  'Times come as local, office (OFFICE_TIME_ZONE) or UTC dates and times, any of them; given together they must agree (a local time beside a UTC or office one fixes the property’s offset from UTC). The reply renders all three.';

export const createAppointmentRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/appointments/create',
  title: 'Appointments Create API',
  purpose: `Creates an appointment (a visit to the property) on an order. Employees for any order, liaisons for their clients’ orders. ${TIMES} A uuid already used on the same order returns that appointment.`,
  service: 'appointments',
  bodyContentType: 'application/json',
  auth: { kind: 'roles', roles: ['employee', 'liaison'] },
  params: { ...commonParams, ...appointmentFieldParams(true) },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({
    appointment: appointmentField,
    replayed: field.boolean({
      example: false,
      description: 'true when this uuid was used before on this order.',
    }),
  }),
  handler: async (input, ctx) => {
    const officeTimeZone = ctx.config.appointments.officeTimeZone;
    const { appointment, replayed } = await createAppointment(
      { ...serviceContext(ctx), officeTimeZone },
      input,
    );
    return { appointment: appointmentView(appointment, officeTimeZone), replayed };
  },
});

export const updateAppointmentRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/appointments/update',
  title: 'Appointments Update API',
  purpose: `Changes an appointment: the params given change, the others stay (moving only the start keeps the length). ${TIMES} order_id and a set uuid never change. Employees, and liaisons for their clients.`,
  service: 'appointments',
  bodyContentType: 'application/json',
  auth: { kind: 'roles', roles: ['employee', 'liaison'] },
  params: { ...commonParams, id: idParam, ...appointmentFieldParams(false) },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({
    appointment: appointmentField,
    changed: field.list(field.string(), { description: 'The fields of the appointment that changed.' }),
  }),
  handler: async (input, ctx) => {
    const officeTimeZone = ctx.config.appointments.officeTimeZone;
    const { appointment, changed } = await updateAppointment(
      { ...serviceContext(ctx), officeTimeZone },
      input,
    );
    return { appointment: appointmentView(appointment, officeTimeZone), changed };
  },
});

export const readAppointmentRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/appointments/read',
  title: 'Appointments Read API',
  purpose:
    'One appointment with its times in all three renderings. Clients see their own orders’ appointments, liaisons their clients’, employees all; any other id answers permission-denied, existing or not.',
  service: 'appointments',
  auth: { kind: 'roles', roles: ['employee', 'liaison', 'client'] },
  params: { ...commonParams, id: idParam },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({ appointment: appointmentField }),
  handler: async (input, ctx) => {
    const officeTimeZone = ctx.config.appointments.officeTimeZone;
    const appointment = await readAppointment({ db: ctx.db, actor: ctx.auth, officeTimeZone }, input.id);
    return { appointment: appointmentView(appointment, officeTimeZone) };
  },
});

export const appointmentRoutes = [createAppointmentRoute, updateAppointmentRoute, readAppointmentRoute];
