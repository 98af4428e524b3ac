import { startFakeSlack, type FakeSlackOptions } from "./fake-slack.ts";

/**
 * The fake Slack in a process of its own (the bench forks it): answering the Web API is Slack's
 * work, and in the app's process it would be counted as the app's. Options come in
 * FAKE_SLACK_OPTIONS; the parent asks "posts" (how many chat.postMessage calls arrived), {postsIn: channel}
 * (when each post into that channel arrived) and "stop".
 */
const fake = await startFakeSlack(JSON.parse(process.env.FAKE_SLACK_OPTIONS ?? "{}") as FakeSlackOptions);
process.send!({ apiUrl: fake.apiUrl, responseUrl: fake.responseUrl("bench") });
process.on("message", (message) => {
  if (message === "posts") process.send!({ posts: fake.callsTo("chat.postMessage").length });
  // When each chat.postMessage into one channel arrived (the bench's busy-channel case).
  if (typeof message === "object" && message !== null && "postsIn" in message) {
    const channel = (message as { postsIn: string }).postsIn;
    process.send!({ at: fake.callsTo("chat.postMessage").filter((c) => c.args.channel === channel).map((c) => c.at) });
  }
  if (message === "stop") void fake.close().then(() => process.exit(0));
});
