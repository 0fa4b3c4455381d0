/**
 * The answer of every programme rule. A refusal carries a stable English code that programs can
 * test and a French sentence that names the rule and its source document, shown as is to staff.
 */
export interface Refusal<Code extends string = string> {
  readonly ok: false;
  readonly code: Code;
  readonly message: string;
}

export type Accepted<Value extends object = object> = { readonly ok: true } & Readonly<Value>;

export type RuleCheck<Value extends object = object, Code extends string = string> =
  | Accepted<Value>
  | Refusal<Code>;

export const ACCEPTED: Accepted = { ok: true };

export function accept<Value extends object>(value: Value): Accepted<Value> {
  return { ok: true, ...value };
}

export function refuse<Code extends string>(code: Code, message: string): Refusal<Code> {
  return { ok: false, code, message };
}
