import { checkPayload, eventForm, type FormField, formPayload } from '../../../console/view-models/event-form';
import { type StaffEventType, staffEventSchemas, staffEventTypes } from '../../../domain/lifecycle/post-events';
import { sampleEvents } from '../../support/post-sample-events';

/**
 * The action forms come from the events' zod schemas: every field of every event is on its form,
 * in French, and what a person types there becomes the very event the API would accept.
 */
const formEvents = staffEventTypes.filter((type) => type !== 'SUBMIT_APPLICATION');

function leaves(fields: FormField[]): FormField[] {
  return fields.flatMap((f) => (f.kind === 'group' ? leaves(f.fields) : [f]));
}

/** What a person types for a payload: euros for cents, one line per item, « true » for yes. */
function typed(payload: Record<string, unknown>, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).flatMap(([key, value]): [string, string][] => {
      if (key === 'type' && prefix === '') return [];
      const name = `${prefix}${key}`;
      if (Array.isArray(value)) return [[name, value.join('\n')]];
      if (value && typeof value === 'object') return Object.entries(typed(value as Record<string, unknown>, `${name}.`));
      if (typeof value === 'number' && key.endsWith('Cents')) return [[name, (value / 100).toFixed(2).replace('.', ',').replace(/\B(?=(\d{3})+(?!\d))/g, ' ')]];
      return [[name, String(value)]];
    }),
  );
}

describe('action forms generated from the events’ schemas', () => {
  it.each(formEvents)('%s: its form has every field of the schema, with a French label', (type) => {
    const form = eventForm(type);
    const schemaKeys = Object.keys((staffEventSchemas[type] as unknown as { shape: Record<string, unknown> }).shape).filter((k) => k !== 'type');
    expect(form.fields.map((f) => f.name)).toEqual(schemaKeys);
    for (const field of leaves(form.fields)) {
      expect({ field: field.name, labelled: field.label !== field.name && field.label.length > 0 }).toEqual({ field: field.name, labelled: true });
      if (field.kind === 'choice') for (const option of field.options) expect(option.label).not.toBe('');
    }
    expect(form.title).not.toBe(type);
  });

  it.each(formEvents)('%s: what is typed in its form becomes the sample event, which its schema accepts', (type) => {
    const sample = sampleEvents[type as StaffEventType];
    const payload = formPayload(type, typed(sample));
    expect(payload).toEqual(sample);
    expect(checkPayload(type, payload)).toBeNull();
  });

  it('marks required fields, and turns a missing one and a rule of the schema into French errors by field', () => {
    const fields = eventForm('SIGN_CONTRACT').fields;
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['contractType', 'choice', true],
      ['signedOn', 'date', true],
      ['startsOn', 'date', true],
      ['endsOn', 'date', false],
      ['otherAidCents', 'money', false],
    ]);
    const payload = formPayload('SIGN_CONTRACT', { contractType: 'public-cdd', signedOn: '2026-01-02', startsOn: '2026-02-01', endsOn: '2026-01-15' });
    expect(checkPayload('SIGN_CONTRACT', payload)).toEqual({ endsOn: 'la fin du contrat doit suivre son début' });
    expect(checkPayload('SIGN_CONTRACT', formPayload('SIGN_CONTRACT', { contractType: 'public-cdi', signedOn: '2026-01-02' }))).toEqual({ startsOn: 'Ce champ est obligatoire.' });
    expect(checkPayload('CONFIRM_TRANCHE_PAYMENT', formPayload('CONFIRM_TRANCHE_PAYMENT', { tranche: '1', paidOn: '2026-01-02', amountCents: 'beaucoup' }))).toEqual({
      amountCents: expect.stringMatching(/nombre attendu/),
    });
  });

  it('keeps what was typed and shows each error at its field after a refusal', () => {
    const form = eventForm('VALIDATE_CANDIDATE', { values: { 'advisor.firstName': 'Sam' }, errors: { 'advisor.email': 'adresse e-mail invalide' } });
    const [advisor] = form.fields;
    expect(advisor!.kind).toBe('group');
    const inner = leaves(form.fields);
    expect(inner.map((f) => [f.name, f.kind === 'group' || f.kind === 'choice' ? null : f.value, f.error])).toEqual([
      ['advisor.firstName', 'Sam', null],
      ['advisor.lastName', '', null],
      ['advisor.email', '', 'adresse e-mail invalide'],
    ]);
  });
});
