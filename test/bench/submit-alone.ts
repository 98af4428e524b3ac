/**
 * The durable charged job alone: `submit` called `count` times with `concurrency` calls in
 * flight (as many as the saturation runs' connections), with no HTTP, signature or reply around
 * it. Its CPU per call, beside a front end's CPU per request, splits what a request costs into
 * the job the store keeps and everything else, so an ack bench shows how much of its gap to a
 * peer that keeps nothing is the keeping. `submit` must throw on anything but an accepted job.
 */
export async function cpuPerSubmit(submit: (i: number) => Promise<void>, count: number, concurrency: number): Promise<number> {
  let next = 0;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await submit(next++);
    }),
  );
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / 1000 / count;
}
