import type { Client } from '@temporalio/client';
import { Router } from 'express';
import type { Connection } from 'mongoose';

export interface HealthDeps {
  temporal: Client;
  mongo: Connection;
  namespace: string;
  taskQueue: string;
}

type Check = { status: 'up' } | { status: 'down'; error: string };

const CHECK_TIMEOUT_MS = 2_000;

async function check(probe: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /health`: each dependency asked for real, with a short deadline, in parallel. 200 when all
 * answer; 503 naming those that do not, so an operator knows where to look.
 */
export function healthRouter({ temporal, mongo, namespace }: HealthDeps): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const [temporalCheck, mongoCheck] = await Promise.all([
      check(() => temporal.workflowService.describeNamespace({ namespace })),
      check(() => {
        if (!mongo.db) throw new Error('not connected');
        return mongo.db.admin().ping();
      }),
    ]);
    const dependencies = { temporal: temporalCheck, mongodb: mongoCheck };
    const failing = Object.entries(dependencies)
      .filter(([, c]) => c.status === 'down')
      .map(([name]) => name);
    if (failing.length === 0) {
      res.status(200).json({ status: 'up', dependencies });
      return;
    }
    res
      .status(503)
      .type('application/problem+json')
      .json({
        type: 'urn:cnum-orchestrator:problem:dependency.unavailable',
        code: 'dependency.unavailable',
        title: 'Service indisponible',
        status: 503,
        detail: `Dépendance injoignable : ${failing.join(', ')}.`,
        failing,
        dependencies,
      });
  });
  return router;
}
