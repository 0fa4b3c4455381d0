import { z } from 'zod';
import { EMAIL_LOCAL_PART_MAX, principalSchema, professionalEmailSchema, roleScopeSchema } from '../auth/habilitations/habilitation';
import { businessDateSchema } from '../domain/calendar/business-date';
import { DEPARTMENT_CODE, departmentCodeSchema } from '../domain/identity/department';
import { siretSchema } from '../domain/identity/siret';
import { advisorSchema, contactSchema, staffEventSchemas, structureSchema } from '../domain/lifecycle/post-events';
import { directoryRecipientSchema } from '../mail/directory/directory-entry';
import { PRIVATE_STRUCTURE_KINDS, PUBLIC_STRUCTURE_KINDS } from '../domain/policies/policy';

/**
 * What the zod schemas enforce that zod-to-openapi cannot read off them (refinements, `trim()`),
 * written into the document in JSON Schema's terms, so that a request the document calls valid is
 * one the API accepts. The metadata goes to zod's global registry: the domain's schemas are not
 * changed. Two rules compare two dates of one event, which JSON Schema cannot say: the events'
 * descriptions state them, and the API answers 422 when they do not hold.
 *
 * Patterns spell digits `[0-9]`: the document is read by other regex engines than JavaScript's,
 * and Python's `\d` also matches Arabic-Indic or Devanagari digits.
 */

/** A trimmed string must keep a character that `String.prototype.trim` does not remove. */
const NOT_BLANK = '[^\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]';

/** A SIRET whose key is right (RULES.md §2.5), given as the example the fuzzer and people start from. */
export const EXAMPLE_SIRET = '21971120100018';

const asciiDigits = (pattern: string) => pattern.replaceAll('\\d', '[0-9]');

function describe(schema: z.ZodType, meta: Record<string, unknown>): void {
  if (!z.globalRegistry.has(schema)) z.globalRegistry.add(schema, meta);
}

/**
 * Every string schema under `schema` that trims its value, found by what it does; one with a
 * format of its own (a regex, an email) keeps the pattern that format gives, which allows no blank.
 */
function trimmedStrings(schema: z.ZodType, found = new Set<z.ZodType>()): Set<z.ZodType> {
  if (schema instanceof z.ZodString) {
    if (schema.format !== null) return found;
    const parsed = schema.safeParse(' x ');
    if (parsed.success && parsed.data === 'x') found.add(schema);
  } else if (schema instanceof z.ZodObject) {
    for (const field of Object.values(schema.shape as Record<string, z.ZodType>)) trimmedStrings(field, found);
  } else if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
    trimmedStrings(schema.unwrap() as z.ZodType, found);
  } else if (schema instanceof z.ZodArray) {
    trimmedStrings(schema.element as z.ZodType, found);
  } else if (schema instanceof z.ZodUnion) {
    for (const option of schema.options as z.ZodType[]) trimmedStrings(option, found);
  }
  return found;
}

/** Names and rules of the domain's shared schemas, once, before the document is generated. */
export function describeDomainSchemas(): void {
  describe(businessDateSchema, { id: 'BusinessDate', type: 'string', format: 'date', description: 'Jour calendaire AAAA-MM-JJ' });
  describe(siretSchema, {
    id: 'Siret',
    type: 'string',
    pattern: '^[0-9]{14}$',
    format: 'siret',
    description:
      'SIRET (RULES.md §2.5) : 14 chiffres dont le dernier est la clé de Luhn de l’INSEE (pour La Poste, SIREN 356000000, la somme des chiffres est un multiple de 5). Un SIRET à la clé fausse est refusé : 422 `siret.checksum` (400 dans une requête de liste).',
    examples: [EXAMPLE_SIRET],
  });
  describe(departmentCodeSchema, {
    id: 'DepartmentCode',
    type: 'string',
    pattern: asciiDigits(DEPARTMENT_CODE.source),
    description: 'Code département : 01 à 95 (hors 20), 2A, 2B, 971 à 976',
    examples: ['974'],
  });
  describe(structureSchema, {
    id: 'Structure',
    description: 'Structure d’accueil (RULES.md §4.1). Sa nature (`kind`) appartient à son secteur (`sector`).',
    anyOf: [
      { properties: { sector: { const: 'public' }, kind: { enum: PUBLIC_STRUCTURE_KINDS } } },
      { properties: { sector: { const: 'private' }, kind: { enum: PRIVATE_STRUCTURE_KINDS } } },
    ],
    examples: [{ name: 'Commune de Saint-Paul', siret: EXAMPLE_SIRET, sector: 'public', kind: 'territorial-authority', department: '974' }],
  });
  // z.email() checks this very pattern, stricter than the addresses JSON Schema's `email` format allows.
  describe(advisorSchema.shape.email, { type: 'string', format: 'email', pattern: z.regexes.email.source });
  for (const email of [contactSchema.shape.email, directoryRecipientSchema.shape.email]) {
    describe(email, { type: 'string', format: 'email', pattern: z.regexes.email.source, maxLength: 254 });
  }
  // The same check, after trimming and lowercasing, of a habilitation's professional email.
  describe(professionalEmailSchema, { type: 'string', format: 'email', pattern: `(?=^[^@]{1,${EMAIL_LOCAL_PART_MAX}}@)${z.regexes.email.source}`, maxLength: 254 });
  for (const schema of [...Object.values(staffEventSchemas), structureSchema, advisorSchema, directoryRecipientSchema, principalSchema, roleScopeSchema]) {
    for (const trimmed of trimmedStrings(schema as z.ZodType)) describe(trimmed, { pattern: NOT_BLANK });
  }
}

/** What the document says of an event beyond its fields' types. */
export const eventRules: Partial<Record<keyof typeof staffEventSchemas, Record<string, unknown>>> = {
  RECORD_POSITIONING: {
    description: 'Soit un parcours en heures (`hours`), soit une dispense (`exemption`), pas les deux.',
    oneOf: [{ required: ['hours'] }, { required: ['exemption'] }],
  },
  SIGN_CONTRACT: { description: '`endsOn`, s’il est donné, suit strictement `startsOn` ; sinon 422.' },
  DECLARE_ABSENCE: { description: '`to` ne précède pas `from` ; sinon 422.' },
};

/**
 * zod's `int()` accepts safe integers only: bounds the document's integers the same way where a
 * schema sets no tighter bound, so that a client never sends 2^64 in good faith.
 */
export function withSafeIntegerBounds<T>(node: T): T {
  if (Array.isArray(node)) {
    for (const item of node) withSafeIntegerBounds(item);
  } else if (node && typeof node === 'object') {
    const schema = node as Record<string, unknown>;
    if (schema.type === 'integer') {
      if (schema.minimum === undefined && schema.exclusiveMinimum === undefined) schema.minimum = Number.MIN_SAFE_INTEGER;
      if (schema.maximum === undefined && schema.exclusiveMaximum === undefined) schema.maximum = Number.MAX_SAFE_INTEGER;
    }
    for (const value of Object.values(schema)) withSafeIntegerBounds(value);
  }
  return node;
}
