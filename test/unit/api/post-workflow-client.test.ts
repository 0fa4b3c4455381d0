import { ServiceError, WorkflowNotFoundError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { PostNotFoundError, TemporalUnavailableError } from '../../../api/post-client-errors';
import { translate } from '../../../api/post-workflow-client';

/** gRPC status codes, as grpc-js numbers them. */
const status = { CANCELLED: 1, DEADLINE_EXCEEDED: 4, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14 };

/** A gRPC error as grpc-js builds it. */
function grpcError(code: number, details: string) {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: { getMap: () => ({}) } });
}

describe('translate: Temporal errors as the API answers them', () => {
  it('takes an update whose outcome the client lost (Temporal went away mid-call) for unavailability, not a 500', () => {
    const cut = new WorkflowUpdateRPCTimeoutOrCancelledError('Call cancelled', { cause: grpcError(status.CANCELLED, 'Call cancelled') });
    expect(translate('p-1', cut)).toBeInstanceOf(TemporalUnavailableError);
  });

  it.each([status.CANCELLED, status.DEADLINE_EXCEEDED, status.RESOURCE_EXHAUSTED, status.UNAVAILABLE])('takes gRPC code %s for unavailability', (code) => {
    expect(translate('p-1', new ServiceError('query failed', { cause: grpcError(code, 'no') }))).toBeInstanceOf(TemporalUnavailableError);
  });

  it('tells a restarting server that has not loaded its namespace yet from a post that does not exist', () => {
    expect(translate('p-1', new WorkflowNotFoundError('Namespace default is not found.', 'p-1', undefined))).toBeInstanceOf(TemporalUnavailableError);
    expect(translate('p-1', new WorkflowNotFoundError('workflow not found for ID: p-1', 'p-1', undefined))).toBeInstanceOf(PostNotFoundError);
  });

  it('leaves any other error as it is: a 500 that is logged', () => {
    const bug = new TypeError('bug');
    expect(translate('p-1', bug)).toBe(bug);
  });
});
