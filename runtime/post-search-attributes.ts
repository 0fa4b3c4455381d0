import { temporal } from '@temporalio/proto';
import { postSearchAttributes } from '../workflows/post-search-attributes';

/**
 * The post workflow's custom search attributes on the servers: registered on the dev server at
 * its start (`--search-attribute`), on the Java time-skipping server and on a test's own
 * namespace through the operator API, and checked by the worker before it starts.
 */
type OperatorService = temporal.api.operatorservice.v1.OperatorService;
const { IndexedValueType } = temporal.api.enums.v1;

const attributes = Object.values(postSearchAttributes);
/** `KEYWORD` → `Keyword`: the spelling of the CLI's `--type` and `--search-attribute`. */
const cliType = (type: string) => type.charAt(0) + type.slice(1).toLowerCase();
const protoType = (type: string) => IndexedValueType[`INDEXED_VALUE_TYPE_${type}` as keyof typeof IndexedValueType] as number;

/** `NAME=Type` for `temporal server start-dev --search-attribute`, which registers them in every namespace it creates. */
export function devServerSearchAttributes(): string[] {
  return attributes.map((key) => `${key.name}=${cliType(key.type)}`);
}

/** What an operator runs once on an existing cluster (CLI v1.5.1 takes one `--name` per command). */
export function searchAttributeCreateCommands(namespace: string): string[] {
  return attributes.map((key) => `temporal operator search-attribute create --namespace ${namespace} --name ${key.name} --type ${cliType(key.type)}`);
}

/**
 * Registers them (all, or the names given) where the server has an operator API but no start-up
 * flag: the time-skipping server, a test's own namespace, the tests' external server.
 */
export async function registerPostSearchAttributes(operatorService: OperatorService, namespace: string, names?: string[]): Promise<void> {
  const wanted = attributes.filter((key) => !names || names.includes(key.name));
  if (wanted.length === 0) return;
  await operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(wanted.map((key) => [key.name, protoType(key.type)])),
  });
}

/** The names the namespace lacks, or registers with another type. */
export async function missingPostSearchAttributes(operatorService: OperatorService, namespace: string): Promise<string[]> {
  const { customAttributes } = await operatorService.listSearchAttributes({ namespace });
  return attributes.filter((key) => customAttributes?.[key.name] !== protoType(key.type)).map((key) => key.name);
}

export class MissingSearchAttributesError extends Error {
  override name = 'MissingSearchAttributesError';
  constructor(
    readonly namespace: string,
    readonly missing: string[],
  ) {
    super(
      `The Temporal namespace ${namespace} lacks the search attributes ${missing.join(', ')}: the post workflow upserts them at every change, ` +
        `and an unknown one would fail its workflow tasks until it is registered. Register them once (README, "Search attributes"), then start the worker again:\n` +
        searchAttributeCreateCommands(namespace)
          .filter((command) => missing.some((name) => command.includes(` --name ${name} `)))
          .map((command) => `  ${command}`)
          .join('\n'),
    );
  }
}

/** The worker's check at start: it names every missing attribute and the command that adds it. */
export async function requirePostSearchAttributes(operatorService: OperatorService, namespace: string): Promise<void> {
  const missing = await missingPostSearchAttributes(operatorService, namespace);
  if (missing.length > 0) throw new MissingSearchAttributesError(namespace, missing);
}
