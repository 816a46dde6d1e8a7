/**
 * Runs BENCH_CLUSTER_SCRIPT (a compiled server: PlanoCore's main or the baseline) as
 * BENCH_CLUSTER_WORKERS processes behind one port with node:cluster, for `npm run bench`'s
 * two-process run of (b). The workers share PORT; the primary only forks and waits.
 */
import cluster from 'node:cluster';
import { resolve } from 'node:path';

const script = process.env.BENCH_CLUSTER_SCRIPT;
const workers = Number(process.env.BENCH_CLUSTER_WORKERS ?? 2);
if (!script) throw new Error('BENCH_CLUSTER_SCRIPT is not set');

cluster.setupPrimary({ exec: resolve(script) });
for (let i = 0; i < workers; i++) cluster.fork();
cluster.on('exit', (worker, code) => {
  if (code !== 0) process.stderr.write(`worker ${worker.process.pid} exited with ${code}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    cluster.disconnect(() => process.exit(0));
  });
}
