/**
 * The promise's value, or null when `ms` passed first (the promise keeps running). Slack wants
 * an ack within 3 seconds: handlers answer in the ack when the work is quick, and ack first and
 * finish through the response_url or views.update when it is not.
 */
export async function withinDeadline<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
