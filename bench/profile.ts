// `npx tsx bench/profile.ts FILE.cpuprofile`: where a process spent its CPU (see bench --profile).
import { summariseProfile } from './lib/cpuProfile';
import { ROOT } from './lib/stack';
import { table } from './lib/table';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: npx tsx bench/profile.ts FILE.cpuprofile\n');
  process.exit(2);
}
process.stdout.write(`${table(['self time in', 'ms', '% of busy'], summariseProfile(file, ROOT, 25).map((r) => [r.owner, r.ms, r.pct]))}\n`);
