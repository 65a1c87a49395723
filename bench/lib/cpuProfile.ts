// Summarises a V8 .cpuprofile (node --cpu-prof): self time by package or project file, so the
// cost of a process can be attributed (HTTP, Express, Prisma, gRPC, zod, our code, GC).
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string }; hitCount?: number }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** node_modules/@scope/pkg/... -> @scope/pkg; <root>/src/api/http/mount.ts -> src/api/http; node:... -> the runtime */
export function ownerOf(url: string, fn: string, root: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  // Prisma 6's query compiler ("engineType = client") is the only WebAssembly in these processes.
  if (url.startsWith('wasm://')) return 'wasm (Prisma query compiler)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return 'node (runtime)';
  const file = url.replace(/^file:\/\//, '');
  if (file.startsWith(root)) return path.dirname(path.relative(root, file));
  return '(other)';
}

export function summariseProfile(file: string, root: string, top = 14): { owner: string; ms: number; pct: number }[] {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  // Each sample's time is the delta to the next one.
  p.samples.forEach((id, i) => {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const n = byId.get(id)!;
    const owner = ownerOf(n.callFrame.url, n.callFrame.functionName, root);
    self.set(owner, (self.get(owner) ?? 0) + dt);
  });
  const busy = [...self.entries()].filter(([k]) => k !== '(idle)');
  const total = busy.reduce((a, [, v]) => a + v, 0);
  return busy.sort((a, b) => b[1] - a[1]).slice(0, top).map(([owner, v]) => ({ owner, ms: Math.round(v), pct: Math.round((v / total) * 1000) / 10 }));
}
