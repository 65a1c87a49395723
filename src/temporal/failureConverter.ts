// Failures carry messages and stack traces (an activity's database error can quote the values it was
// given): encoded as a payload, they pass through the encryption codec like every other payload.
// Loaded by path, into the workflow bundle as well as into clients and workers.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
