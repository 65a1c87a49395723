// POST /api/v1/codec/decode and /encode: the Temporal codec server protocol, so that the Web UI (and
// `temporal --codec-endpoint`) shows payloads in clear to an admin, and to nobody else. The payloads are
// encrypted (src/temporal/encryptionCodec.ts) because petitioners' identities and reports may reach only
// those handling the case. Authentication is the API's own (mountEndpoints): whoever resolves to an
// admin principal, however signed in; the Web UI's origins are allowed by CORS with credentials (app.ts).
import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { decode, encode } from '@temporalio/common/lib/internal-non-workflow';
import { ApiError } from '../errors';
import { endpoint, type Endpoint } from '../http/endpoint';
import { PayloadsSchema, type PayloadJson } from '../schemas/codec';

export const CODEC_PATH = '/api/v1/codec';

export interface CodecDeps {
  /** Its data converter's codecs are the ones used (the client is never called). */
  client: Client;
}

const fromJson = (p: PayloadJson): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
  data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
});

const toJson = (p: Payload): PayloadJson => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

/** The Web UI names the namespace it shows; this service's keys serve its own namespace only. */
function checkNamespace(deps: CodecDeps, header: string | undefined): void {
  const ours = deps.client.options.namespace;
  if (header !== undefined && header !== ours) {
    const message = `this codec serves namespace "${ours}", not "${header}"`;
    throw new ApiError(400, 'validation_failed', message, [{ field: 'X-Namespace', message }]);
  }
}

const DESCRIPTION = 'The Temporal codec server protocol (the body is temporal.api.common.v1.Payloads in protobuf JSON). '
  + 'Workflow inputs, update arguments, activity data and query answers are encrypted (AES-256-GCM, `encoding: binary/encrypted` with the '
  + '`encryption-key-id`) because they hold petitioners\' identities; the Temporal Web UI started by `npm start` calls this endpoint '
  + '(`--ui-codec-endpoint`) to show them to a signed-in admin. The optional `X-Namespace` header must name this service\'s namespace. '
  + 'Browsers may call it from the Temporal Web UI\'s origins (TEMPORAL_UI_ORIGINS) with credentials.';

export function codecEndpoints(deps: CodecDeps): Endpoint[] {
  const codecs = () => deps.client.options.loadedDataConverter.payloadCodecs;
  return [
    endpoint({
      operationId: 'decodePayloads',
      method: 'post',
      path: `${CODEC_PATH}/decode`,
      summary: 'Decode workflow payloads',
      description: `${DESCRIPTION} Payloads that are not encrypted (written before encryption) come back unchanged. `
        + 'A payload that cannot be decrypted (a key this service does not have, or altered bytes) is refused with 400, naming it.',
      tags: ['operations'],
      auth: 'bearer',
      roles: ['admin'],
      body: PayloadsSchema,
      responses: { 200: { description: 'The payloads in clear, in the same order', schema: PayloadsSchema } },
      async handle({ body, req }) {
        checkNamespace(deps, req.header('x-namespace'));
        const failures: { field: string; message: string }[] = [];
        const decoded = await Promise.all(body.payloads.map(async (p, i) => {
          try {
            const [out] = await decode(codecs(), [fromJson(p)]);
            return toJson(out!);
          } catch (err) {
            failures.push({ field: `payloads.${i}`, message: (err as Error).message });
            return undefined;
          }
        }));
        if (failures.length) throw new ApiError(400, 'validation_failed', `${failures[0]!.field}: ${failures[0]!.message}`, failures);
        return { body: { payloads: decoded } };
      },
    }),
    endpoint({
      operationId: 'encodePayloads',
      method: 'post',
      path: `${CODEC_PATH}/encode`,
      summary: 'Encode workflow payloads',
      description: `${DESCRIPTION} Encrypts with the current key, as the service itself does (the Web UI uses it when an admin sends a signal from it).`,
      tags: ['operations'],
      auth: 'bearer',
      roles: ['admin'],
      body: PayloadsSchema,
      responses: { 200: { description: 'The payloads encrypted, in the same order', schema: PayloadsSchema } },
      async handle({ body, req }) {
        checkNamespace(deps, req.header('x-namespace'));
        const encoded = await encode(codecs(), body.payloads.map(fromJson));
        return { body: { payloads: encoded.map(toJson) } };
      },
    }),
  ];
}
