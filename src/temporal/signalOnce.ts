// A signal that is delivered at most once per request id. Temporal de-duplicates signals by request id
// within a run; the SDK's handle.signal() draws a random one, so a retried request (same
// Idempotency-Key, after a lost answer) would be applied twice. Here the caller chooses it.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';

const GRPC_NOT_FOUND = 5;

export async function signalOnce<Args extends unknown[]>(
  client: Client, workflowId: string, signal: SignalDefinition<Args>, args: Args, requestId: string,
): Promise<void> {
  const converter = client.options.loadedDataConverter;
  let payloads = args.map((a) => converter.payloadConverter.toPayload(a));
  for (const codec of converter.payloadCodecs) payloads = await codec.encode(payloads);
  try {
    await client.workflowService.signalWorkflowExecution({
      namespace: client.options.namespace,
      workflowExecution: { workflowId },
      signalName: signal.name,
      input: { payloads },
      identity: client.options.identity,
      requestId,
    });
  } catch (err) {
    if ((err as { code?: number }).code === GRPC_NOT_FOUND) throw new WorkflowNotFoundError(`workflow ${workflowId} not found or closed`, workflowId, undefined);
    throw err;
  }
}
