// History files as readable JSON (enum names, string longs, base64 payloads), via @temporalio/proto's
// own codec: the SDK's historyToJSON trips over two protobufjs copies in this install.
import { temporal } from '@temporalio/proto';

const History = temporal.api.history.v1.History;

export function historyToFile(history: temporal.api.history.v1.IHistory): string {
  return JSON.stringify(History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String }), null, 1);
}

export function historyFromFile(text: string): temporal.api.history.v1.History {
  return History.fromObject(JSON.parse(text));
}
