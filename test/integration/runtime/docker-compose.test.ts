import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { devServerSearchAttributes } from '../../../runtime/post-search-attributes';
import { configVariables } from '../../../config/config';
import { environmentNames, unknownVariables, type ComposeService } from './compose-env';

// No Docker engine runs here: the stack is checked by reading it.
interface Service extends ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  healthcheck?: { test?: string[] | string };
  depends_on?: Record<string, { condition?: string }>;
}

const root = path.resolve(__dirname, '../../..');
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
const services = compose.services;
const service = (name: string): Service => {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};
const healthTest = (name: string): string => [service(name).healthcheck?.test ?? []].flat().join(' ');

describe('docker-compose.yml', () => {
  it('has MongoDB, PostgreSQL, Temporal, its web UI, the worker and the API, and Mailpit for local stacks only', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'mailpit', 'mongo', 'postgresql', 'temporal', 'temporal-search-attributes', 'temporal-ui', 'worker']);
    expect((service('mailpit') as { profiles?: string[] }).profiles).toEqual(['local-mail']);
    expect(environmentNames(service('worker'))).toEqual(expect.arrayContaining(['SMTP_URL', 'MAIL_FROM', 'PUBLIC_URL']));
  });

  it('runs MongoDB as a one-node replica set that its healthcheck initiates', () => {
    expect(service('mongo').command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(healthTest('mongo')).toContain('rs.initiate');
    expect(healthTest('mongo')).toContain('isWritablePrimary');
  });

  it('runs the Temporal server on PostgreSQL, with healthchecks', () => {
    expect(service('temporal').image).toMatch(/^temporalio\/auto-setup:/);
    expect(service('temporal').environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
    expect(healthTest('temporal')).toContain('temporal:7233');
    expect(healthTest('postgresql')).toContain('pg_isready');
    expect(healthTest('api')).toContain('/health');
  });

  it('starts each service once what it needs is healthy', () => {
    const needs: Record<string, string[]> = {
      temporal: ['postgresql'],
      'temporal-ui': ['temporal'],
      'temporal-search-attributes': ['temporal'],
      worker: ['temporal', 'mongo', 'temporal-search-attributes'],
      api: ['temporal', 'mongo'],
    };
    for (const [name, dependencies] of Object.entries(needs)) {
      const dependsOn = service(name).depends_on ?? {};
      expect(Object.keys(dependsOn).sort()).toEqual([...dependencies].sort());
      for (const dependency of dependencies) {
        // A one-shot setup is waited for until it has run; a server, until it is healthy.
        expect({ dependency, condition: dependsOn[dependency]?.condition }).toEqual({
          dependency,
          condition: dependency === 'temporal-search-attributes' ? 'service_completed_successfully' : 'service_healthy',
        });
      }
    }
    for (const name of Object.keys(needs)) {
      for (const dependency of Object.keys(service(name).depends_on ?? {}).filter((d) => d !== 'temporal-search-attributes')) {
        expect(service(dependency).healthcheck?.test).toBeDefined();
      }
    }
  });

  it('registers the post workflow’s search attributes before the worker starts, each with its type', () => {
    const script = (service('temporal-search-attributes').command as string[]).join(' ');
    for (const spec of devServerSearchAttributes()) expect(script).toContain(spec.replace('=', ':'));
    expect(script).toContain('temporal operator search-attribute create --address temporal:7233 --namespace default');
  });

  it('builds the worker and the API from the same Dockerfile, with different commands', () => {
    expect(service('worker').build).toBe('.');
    expect(service('api').build).toBe('.');
    expect(service('worker').image).toBe(service('api').image);
    expect(service('worker').command).toEqual(['node', '--import', 'tsx', 'worker.ts']);
    expect(service('api').command).toEqual(['node', '--import', 'tsx', 'server.ts']);
    expect(fs.existsSync(path.join(root, 'Dockerfile'))).toBe(true);
  });

  it.each(['worker', 'api'])('passes %s only variables the config schema knows', (name) => {
    expect(environmentNames(service(name))).toEqual(expect.arrayContaining(['TEMPORAL_ADDRESS', 'MONGODB_URI']));
    expect(unknownVariables(service(name), configVariables)).toEqual([]);
  });

  it('the variable check catches a misspelt or unknown variable, in map and list form, and env_file', () => {
    expect(unknownVariables({ environment: { TEMPORAL_ADRESS: 'x', MONGODB_URI: 'mongodb://m/db' } }, configVariables)).toEqual([
      'TEMPORAL_ADRESS',
    ]);
    expect(unknownVariables({ environment: ['HTTP_PORT=3000', 'NODE_OPTIONS=--inspect'] }, configVariables)).toEqual([
      'NODE_OPTIONS',
    ]);
    expect(unknownVariables({ env_file: '.env' }, configVariables)).toEqual(['env_file (not checkable)']);
  });
});
