// Connections to Temporal for the API (client) and the worker (native connection), from one config.
// Every client encrypts its payloads with the configured keys (dataConverter.ts).
import fs from 'node:fs';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config';
import type { Logger } from '../log';
import { dataConverterFromConfig } from './dataConverter';

type Tls = ConnectionOptions['tls'];

function tlsOptions(c: Config): Tls {
  if (!c.TEMPORAL_TLS && !c.TEMPORAL_TLS_CERT && !c.TEMPORAL_API_KEY) return undefined;
  const read = (f?: string) => (f ? fs.readFileSync(f) : undefined);
  const cert = read(c.TEMPORAL_TLS_CERT);
  const key = read(c.TEMPORAL_TLS_KEY);
  return {
    serverNameOverride: c.TEMPORAL_TLS_SERVER_NAME,
    serverRootCACertificate: read(c.TEMPORAL_TLS_CA),
    clientCertPair: cert && key ? { crt: cert, key } : undefined,
  };
}

/** `log` announces the payload keys in use (and a development key created now). */
export async function connectClient(c: Config, log?: Logger): Promise<Client> {
  const dataConverter = dataConverterFromConfig(c, log); // before connecting: a missing key is the clearer error
  const connection = await Connection.connect({ address: c.temporalAddress, tls: tlsOptions(c), apiKey: c.TEMPORAL_API_KEY });
  return new Client({ connection, namespace: c.TEMPORAL_NAMESPACE, dataConverter });
}

export async function connectWorker(c: Config): Promise<NativeConnection> {
  return NativeConnection.connect({ address: c.temporalAddress, tls: tlsOptions(c), apiKey: c.TEMPORAL_API_KEY });
}
