import type { AnyStateNode } from 'xstate';
import { postLifecycleMachine } from '../domain/lifecycle/post-lifecycle.machine';

/**
 * The machine as a Mermaid state diagram, generated so that the picture in the docs cannot drift
 * from the code: `npm run diagram` writes it, and a unit test fails when the committed one is stale.
 */
const idOf = (node: AnyStateNode) => node.path.join('_') || 'post';

function guardLabel(guard: unknown): string {
  if (!guard) return '';
  if (typeof guard === 'string') return guard;
  const nested = (guard as { guards?: unknown[] }).guards;
  if (Array.isArray(nested)) return nested.map(guardLabel).join(' & ');
  return (guard as { type?: string }).type ?? 'guard';
}

function structure(node: AnyStateNode, indent: string): string[] {
  const lines: string[] = [];
  const children = Object.values(node.states) as AnyStateNode[];
  if (node.type === 'parallel') {
    children.forEach((region, i) => {
      if (i > 0) lines.push(`${indent}--`);
      lines.push(...block(region, indent));
    });
    return lines;
  }
  const initial = node.initial?.target?.[0] as AnyStateNode | undefined;
  if (initial) lines.push(`${indent}[*] --> ${idOf(initial)}`);
  for (const child of children) lines.push(...block(child, indent));
  return lines;
}

function block(node: AnyStateNode, indent: string): string[] {
  const id = idOf(node);
  const lines = [`${indent}state "${node.key}" as ${id}`];
  if (Object.keys(node.states).length > 0) {
    lines.push(`${indent}state ${id} {`, ...structure(node, `${indent}  `), `${indent}}`);
  }
  if (node.type === 'final') lines.push(`${indent}${id} --> [*]`);
  return lines;
}

function transitions(node: AnyStateNode): string[] {
  const lines: string[] = [];
  for (const [event, candidates] of node.transitions) {
    for (const transition of candidates) {
      const guard = guardLabel(transition.guard);
      const label = guard ? `${event} [${guard}]` : event;
      for (const target of transition.target ?? [node]) lines.push(`  ${idOf(node)} --> ${idOf(target as AnyStateNode)} : ${label}`);
    }
  }
  for (const always of node.always ?? []) {
    for (const target of always.target ?? []) {
      lines.push(`  ${idOf(node)} --> ${idOf(target as AnyStateNode)} : always [${guardLabel(always.guard)}]`);
    }
  }
  for (const child of Object.values(node.states) as AnyStateNode[]) lines.push(...transitions(child));
  return lines;
}

export function postLifecycleMermaid(): string {
  const root = postLifecycleMachine.root;
  return ['stateDiagram-v2', ...structure(root, '  '), ...transitions(root)].join('\n');
}

export function postLifecycleDiagramDocument(): string {
  return [
    '# Post lifecycle',
    '',
    'Generated from `domain/lifecycle/post-lifecycle.machine.ts` by `npm run diagram`; a unit test fails',
    'when this file no longer matches the machine. Guards are in brackets; each is a rule of',
    '`domain/lifecycle/post-rules.ts`. Self-loops record data without changing state.',
    '',
    '```mermaid',
    postLifecycleMermaid(),
    '```',
    '',
  ].join('\n');
}
