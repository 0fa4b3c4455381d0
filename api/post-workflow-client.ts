import { randomUUID } from 'node:crypto';
import {
  type Client,
  isGrpcServiceError,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Actor } from '../domain/lifecycle/actor';
import { decideApplication, type Refusal } from '../domain/lifecycle/decide-post-event';
import { LATEST_POST_RULES_REVISION } from '../domain/lifecycle/post-rules-revision';
import type { PostEventType } from '../domain/lifecycle/post-events';
import type { PostView } from '../domain/lifecycle/post-view';
import {
  allowedEventsQuery,
  POST_EVENT_REFUSED,
  postEventUpdate,
  postViewQuery,
  type PostEventRequest,
  type PostEventAnswer,
} from '../workflows/post-messages';
import { postLifecycleWorkflow } from '../workflows/post-lifecycle.workflow';
import { PostEventRefusedError, PostNotFoundError, TemporalUnavailableError } from './post-client-errors';

/**
 * The one module that talks to the post workflows: the API, the tests and the benchmarks go
 * through it, so the mapping of Temporal's errors to the product's is written once.
 */
export interface PostWorkflowClient {
  submitApplication(args: { actor: Actor; requestId: string; event: unknown; postId?: string }): Promise<PostEventAnswer & { postId: string }>;
  sendEvent(postId: string, request: Omit<PostEventRequest, 'receivedAt'>): Promise<PostEventAnswer>;
  view(postId: string): Promise<PostView>;
  allowedEvents(postId: string, actor: Actor): Promise<PostEventType[]>;
}

// gRPC status codes that mean "the server is not there (or not yet, or busy)", not "the request was wrong".
const UNAVAILABLE_CODES = new Set([
  1 /* CANCELLED: the call died with its connection */,
  4 /* DEADLINE_EXCEEDED */,
  8 /* RESOURCE_EXHAUSTED: Temporal's rate limits and busy workflows */,
  14 /* UNAVAILABLE */,
]);
/** A server that restarts answers "namespace not found" until it has loaded its namespaces. */
const NAMESPACE_NOT_FOUND = /namespace .*not found/i;

/** Temporal's errors as the product's; exported for its unit test. */
export function translate(postId: string, error: unknown): Error {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    if (error.cause.type === POST_EVENT_REFUSED) return new PostEventRefusedError(error.cause.details?.[0] as Refusal);
  }
  // The update's outcome is unknown: with its Idempotency-Key, the same request sent again gets it.
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return new TemporalUnavailableError(error);
  if (error instanceof WorkflowNotFoundError) {
    return NAMESPACE_NOT_FOUND.test(error.message) ? new TemporalUnavailableError(error) : new PostNotFoundError(postId);
  }
  const grpc = isGrpcServiceError(error) ? error : isGrpcServiceError((error as Error)?.cause) ? (error as Error).cause : null;
  if (grpc && isGrpcServiceError(grpc)) {
    if (grpc.code === 5 /* NOT_FOUND */) return NAMESPACE_NOT_FOUND.test(grpc.details ?? grpc.message) ? new TemporalUnavailableError(error) : new PostNotFoundError(postId);
    if (UNAVAILABLE_CODES.has(grpc.code)) return new TemporalUnavailableError(error);
  }
  if (error instanceof Error && /ECONNREFUSED|UNAVAILABLE|Connection dropped|No connection established/i.test(error.message)) {
    return new TemporalUnavailableError(error);
  }
  return error instanceof Error ? error : new Error(String(error));
}

export function createPostWorkflowClient(client: Client, taskQueue: string): PostWorkflowClient {
  const guard = async <T>(postId: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw translate(postId, error);
    }
  };

  return {
    async submitApplication({ actor, requestId, event, postId = randomUUID() }) {
      // Refuse a bad application here, before a workflow exists that would have to wait for nothing.
      const decision = decideApplication(postId, actor, event, LATEST_POST_RULES_REVISION);
      if (!decision.accepted) throw new PostEventRefusedError(decision.refusal);
      const startWorkflowOperation = new WithStartWorkflowOperation(postLifecycleWorkflow, {
        workflowId: postId,
        taskQueue,
        args: [{ postId }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      const request: PostEventRequest = { requestId, actor, event, receivedAt: new Date().toISOString() };
      const result = await guard(postId, () =>
        client.workflow.executeUpdateWithStart(postEventUpdate, { args: [request], updateId: requestId, startWorkflowOperation }),
      );
      return { ...result, postId };
    },

    sendEvent(postId, request) {
      return guard(postId, () =>
        client.workflow.getHandle(postId).executeUpdate(postEventUpdate, {
          args: [{ ...request, receivedAt: new Date().toISOString() }],
          updateId: request.requestId,
        }),
      );
    },

    view(postId) {
      return guard(postId, () => client.workflow.getHandle(postId).query(postViewQuery));
    },

    allowedEvents(postId, actor) {
      return guard(postId, () => client.workflow.getHandle(postId).query(allowedEventsQuery, actor));
    },
  };
}
