import type { z } from 'zod';
import { fr } from 'zod/locales';
import { businessDateSchema } from '../../domain/calendar/business-date';
import { departmentCodeSchema } from '../../domain/identity/department';
import { siretSchema } from '../../domain/identity/siret';
import { contactSchema, type StaffEventType, staffEventSchemas } from '../../domain/lifecycle/post-events';
import { eventLabel } from './console-labels';
import { fieldText } from './event-field-texts';

/**
 * The form of a staff event, generated from its zod schema (`staffEventSchemas`): the schema
 * that the API and the workflow's decision function validate the event with also says which
 * fields the form has, of which kind, which are required and what their values may be. Only the
 * French words come from elsewhere (event-field-texts.ts). `formPayload` turns the posted fields
 * back into the event, and `checkPayload` validates it with the same schema, in French.
 */

export type InputKind = 'text' | 'textarea' | 'email' | 'date' | 'integer' | 'money' | 'lines';

interface FieldBase {
  /** Path in the payload, dotted: the form field's name. */
  name: string;
  /** The HTML id: the name with its dots replaced. */
  id: string;
  label: string;
  hint: string | null;
  required: boolean;
  error: string | null;
}

export type FormField =
  | (FieldBase & { kind: InputKind; value: string })
  | (FieldBase & { kind: 'choice'; options: { value: string; label: string; checked: boolean }[]; radios: boolean })
  | (FieldBase & { kind: 'group'; fields: FormField[] });

export interface EventForm {
  type: StaffEventType;
  title: string;
  fields: FormField[];
}

type AnySchema = z.ZodType & { _zod: { def: Record<string, any> } };

/**
 * The schema a form is built and checked with: the event's own, except that a new application must
 * name its contact (issue 11), which the event leaves optional for the posts recorded before it.
 */
function formSchema(type: StaffEventType): AnySchema {
  const schema = type === 'SUBMIT_APPLICATION' ? staffEventSchemas.SUBMIT_APPLICATION.extend({ contact: contactSchema }) : staffEventSchemas[type];
  return schema as unknown as AnySchema;
}

const def = (schema: AnySchema) => schema._zod.def;

/** The schema inside `.optional()`, and whether there was one. */
function unwrap(schema: AnySchema): { inner: AnySchema; optional: boolean } {
  let inner = schema;
  let optional = false;
  while (def(inner).type === 'optional' || def(inner).type === 'default') {
    optional = true;
    inner = def(inner).innerType;
  }
  return { inner, optional };
}

/** The text kinds of a field, from its schema: dates, SIRETs and départements are the domain's own schemas. */
function inputKind(name: string, schema: AnySchema): InputKind | 'choice' | 'group' {
  const d = def(schema);
  if (schema === (businessDateSchema as unknown)) return 'date';
  if (schema === (siretSchema as unknown) || schema === (departmentCodeSchema as unknown)) return 'text';
  switch (d.type) {
    case 'object':
      return 'group';
    case 'enum':
    case 'union':
    case 'literal':
    case 'boolean':
      return 'choice';
    case 'number':
      return name.endsWith('Cents') ? 'money' : 'integer';
    case 'array':
      return 'lines';
    case 'string':
      if ((schema as unknown as { format?: string }).format === 'email') return 'email';
      return ((schema as unknown as { maxLength?: number | null }).maxLength ?? 0) > 300 ? 'textarea' : 'text';
    default:
      return 'text';
  }
}

/** The values a choice may take: an enum's entries, a union's literals, or yes/no for a boolean. */
function choices(schema: AnySchema): string[] {
  const d = def(schema);
  if (d.type === 'boolean') return ['true', 'false'];
  if (d.type === 'enum') return Object.values(d.entries as Record<string, string>).map(String);
  if (d.type === 'literal') return (d.values as unknown[]).map(String);
  return (d.options as AnySchema[]).flatMap((option) => choices(option));
}

function shapeOf(schema: AnySchema): Record<string, AnySchema> {
  return def(schema).shape as Record<string, AnySchema>;
}

/** Fields the server fills itself: the day of an application (today in Paris). */
const SERVER_FIELDS = new Set(['appliedOn']);

export interface FormState {
  /** The values posted, by field name, shown again after a refusal. */
  values?: Record<string, string>;
  /** Error messages by field name. */
  errors?: Record<string, string>;
}

function buildFields(type: StaffEventType, schema: AnySchema, prefix: string, state: FormState): FormField[] {
  return Object.entries(shapeOf(schema))
    .filter(([key]) => !(prefix === '' && (key === 'type' || SERVER_FIELDS.has(key))))
    .map(([key, fieldSchema]): FormField => {
      const name = `${prefix}${key}`;
      const { inner, optional } = unwrap(fieldSchema);
      const text = fieldText(type, name);
      const base: FieldBase = {
        name,
        id: `${type.toLowerCase()}-${name.replace(/\./g, '-')}`,
        label: text.label,
        hint: text.hint ?? null,
        required: !optional,
        error: state.errors?.[name] ?? null,
      };
      const kind = inputKind(name, inner);
      if (kind === 'group') return { ...base, kind, fields: buildFields(type, inner, `${name}.`, state) };
      const value = state.values?.[name] ?? '';
      if (kind === 'choice') {
        const values = choices(inner);
        const labels = def(inner).type === 'boolean' ? { true: 'Oui', false: 'Non' } : (text.options ?? {});
        return {
          ...base,
          kind,
          radios: values.length <= 3,
          options: values.map((v) => ({ value: v, label: (labels as Record<string, string>)[v] ?? v, checked: v === value })),
        };
      }
      return { ...base, kind, value };
    });
}

export function eventForm(type: StaffEventType, state: FormState = {}): EventForm {
  return { type, title: eventLabel(type), fields: buildFields(type, formSchema(type), '', state) };
}

/** « 14 000,50 » or « 14000.5 » euros as integer cents; anything else is left for the schema to refuse. */
function euroCents(text: string): number | string {
  const normalised = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(normalised)) return text;
  return Math.round(Number(normalised) * 100);
}

function payloadOf(schema: AnySchema, prefix: string, values: Record<string, string>): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const [key, fieldSchema] of Object.entries(shapeOf(schema))) {
    if (prefix === '' && (key === 'type' || SERVER_FIELDS.has(key))) continue;
    const name = `${prefix}${key}`;
    const { inner, optional } = unwrap(fieldSchema);
    const kind = inputKind(name, inner);
    if (kind === 'group') {
      const nested = payloadOf(inner, `${name}.`, values);
      if (!optional || Object.keys(nested).length > 0) payload[key] = nested;
      continue;
    }
    const raw = (values[name] ?? '').trim();
    if (kind === 'lines') {
      const lines = raw.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
      if (lines.length > 0 || !optional) payload[key] = lines;
      continue;
    }
    if (raw === '') continue;
    if (kind === 'money') payload[key] = euroCents(raw);
    else if (kind === 'integer') payload[key] = /^-?\d+$/.test(raw.replace(/\s/g, '')) ? Number(raw.replace(/\s/g, '')) : raw;
    else if (kind === 'choice' && def(inner).type === 'boolean') payload[key] = raw === 'true' ? true : raw === 'false' ? false : raw;
    else if (kind === 'choice' && choices(inner).every((v) => /^\d+$/.test(v)) && def(inner).type !== 'enum') payload[key] = Number(raw);
    else payload[key] = raw;
  }
  return payload;
}

/** The event a submitted form stands for: `{ type, …payload }`, with the form's strings typed as the schema wants. */
export function formPayload(type: StaffEventType, values: Record<string, string>): Record<string, unknown> {
  return { type, ...payloadOf(formSchema(type), '', values) };
}

const frenchErrors = fr().localeError;

/** The event's own schema checks the payload, with zod's French messages; errors by field name. */
export function checkPayload(type: StaffEventType, payload: Record<string, unknown>): Record<string, string> | null {
  const parsed = formSchema(type).safeParse(payload, { error: frenchErrors });
  if (parsed.success) return null;
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const name = issue.path.join('.');
    const value = issue.path.reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[key] : undefined), payload);
    const missing = issue.code === 'invalid_type' && value === undefined;
    errors[name] ??= missing ? 'Ce champ est obligatoire.' : issue.message;
  }
  return errors;
}
