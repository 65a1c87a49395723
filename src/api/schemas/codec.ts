// The codec server protocol's body: temporal.api.common.v1.Payloads in protobuf JSON (bytes in base64).
import { z } from 'zod';

const Base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64').meta({ description: 'Bytes in base64' });

export const PayloadJsonSchema = z.strictObject({
  metadata: z.record(z.string().min(1).max(256), Base64).optional()
    .meta({ description: 'Metadata by name, each value in base64 (e.g. `encoding`: base64 of `binary/encrypted`)' }),
  data: Base64.optional(),
}).meta({ id: 'Payload', description: 'A Temporal payload (temporal.api.common.v1.Payload) in protobuf JSON' });

export const PayloadsSchema = z.strictObject({
  payloads: z.array(PayloadJsonSchema).max(1000, 'at most 1000 payloads a request'),
}).meta({ id: 'Payloads', description: 'Temporal payloads (temporal.api.common.v1.Payloads) in protobuf JSON, as the Temporal Web UI and CLI send them to a codec server' });

export type PayloadJson = z.output<typeof PayloadJsonSchema>;
