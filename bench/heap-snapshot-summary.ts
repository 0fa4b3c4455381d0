import fs from 'node:fs';

/**
 * A heap snapshot summed by constructor, as Chrome DevTools' "Summary" view groups it: objects by
 * their constructor's name, the rest by V8's kind of node ("(closure)", "(compiled code)",
 * "(string)", …). Reads the `.heapsnapshot` file without parsing it whole: a worker holding
 * hundreds of posts writes files larger than V8's longest string.
 */
export interface HeapSummary {
  totalBytes: number;
  nodes: number;
  byConstructor: Map<string, { bytes: number; count: number }>;
}

interface SnapshotMeta {
  node_fields: string[];
  node_types: [string[], ...unknown[]];
}

function sectionStart(buffer: Buffer, key: string, from = 0): number {
  const at = buffer.indexOf(`"${key}":[`, from);
  if (at < 0) throw new Error(`not a heap snapshot: no "${key}" section`);
  return at + key.length + 4;
}

/** The numbers of the flat `nodes` array, read digit by digit. */
function readNumbers(buffer: Buffer, start: number): { values: Float64Array; end: number } {
  let values = new Float64Array(1 << 20);
  let length = 0;
  let current = 0;
  let inNumber = false;
  let i = start;
  for (; i < buffer.length; i++) {
    const c = buffer[i]!;
    if (c >= 48 && c <= 57) {
      current = current * 10 + (c - 48);
      inNumber = true;
      continue;
    }
    if (inNumber) {
      if (length === values.length) {
        const grown = new Float64Array(values.length * 2);
        grown.set(values);
        values = grown;
      }
      values[length++] = current;
      current = 0;
      inNumber = false;
    }
    if (c === 93) break; // ']'
  }
  return { values: values.subarray(0, length), end: i };
}

function groupOf(type: string, name: string): string {
  switch (type) {
    case 'object':
    case 'native':
      return name;
    case 'closure':
      return '(closure)';
    case 'code':
      return '(compiled code)';
    case 'string':
    case 'concatenated string':
    case 'sliced string':
      return '(string)';
    case 'array':
      return '(array)';
    case 'hidden':
      return '(system)';
    default:
      return `(${type})`;
  }
}

export function summarizeHeapSnapshot(file: string): HeapSummary {
  const buffer = fs.readFileSync(file);
  const nodesStart = sectionStart(buffer, 'nodes');
  // The header is `{"snapshot":{"meta":…,"node_count":…},` up to the nodes: closed, it parses alone.
  const header = buffer.subarray(0, buffer.lastIndexOf('"nodes"', nodesStart)).toString().trim().replace(/,$/, '');
  const { meta } = (JSON.parse(`${header}}`) as { snapshot: { meta: SnapshotMeta } }).snapshot;
  const fields = meta.node_fields.length;
  const typeAt = meta.node_fields.indexOf('type');
  const nameAt = meta.node_fields.indexOf('name');
  const sizeAt = meta.node_fields.indexOf('self_size');
  const { values: nodes, end } = readNumbers(buffer, nodesStart);
  const stringsStart = sectionStart(buffer, 'strings', end);
  const strings = JSON.parse(buffer.subarray(stringsStart - 1, buffer.lastIndexOf(']') + 1).toString()) as string[];
  const types = meta.node_types[0];
  const byConstructor = new Map<string, { bytes: number; count: number }>();
  let totalBytes = 0;
  for (let i = 0; i < nodes.length; i += fields) {
    const group = groupOf(types[nodes[i + typeAt]!]!, strings[nodes[i + nameAt]!] ?? '');
    const size = nodes[i + sizeAt]!;
    totalBytes += size;
    const entry = byConstructor.get(group);
    if (entry) (entry.bytes += size), (entry.count += 1);
    else byConstructor.set(group, { bytes: size, count: 1 });
  }
  return { totalBytes, nodes: nodes.length / fields, byConstructor };
}

/** What `after` holds more than `before`, largest first. */
export function heapGrowth(before: HeapSummary, after: HeapSummary): { group: string; bytes: number; count: number }[] {
  const groups = new Set([...before.byConstructor.keys(), ...after.byConstructor.keys()]);
  return [...groups]
    .map((group) => {
      const b = before.byConstructor.get(group) ?? { bytes: 0, count: 0 };
      const a = after.byConstructor.get(group) ?? { bytes: 0, count: 0 };
      return { group, bytes: a.bytes - b.bytes, count: a.count - b.count };
    })
    .sort((x, y) => y.bytes - x.bytes);
}
