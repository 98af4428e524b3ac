import { describe, expect, it } from "vitest";
import { EditThrottle } from "../../bots/discord/edit-throttle.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("progress edit throttle", () => {
  it("holds progress edits that come too soon, keeps only the newest, and sends a final edit at once", async () => {
    const sent: string[] = [];
    const errors: unknown[] = [];
    const throttle = new EditThrottle(60, (error) => errors.push(error));
    const edit = (label: string) => async () => void sent.push(label);

    await throttle.run("job", false, edit("processing"));
    await throttle.run("job", false, edit("retrying 1"));
    await throttle.run("job", false, edit("retrying 2"));
    expect(sent).toEqual(["processing"]);
    await sleep(100);
    expect(sent).toEqual(["processing", "retrying 2"]);

    await throttle.run("job", false, edit("retrying 3"));
    await throttle.run("job", true, edit("done"));
    await sleep(100);
    expect(sent).toEqual(["processing", "retrying 2", "done"]);
    expect(errors).toEqual([]);
  });

  it("runs one job's edits in order and reports a held edit's failure", async () => {
    const sent: string[] = [];
    const errors: unknown[] = [];
    const throttle = new EditThrottle(30, (error) => errors.push(error));
    const slow = throttle.run("job", false, async () => {
      await sleep(50);
      sent.push("slow");
    });
    const final = throttle.run("job", true, async () => void sent.push("final"));
    await Promise.all([slow, final]);
    expect(sent).toEqual(["slow", "final"]);

    await throttle.run("other", false, async () => undefined);
    await throttle.run("other", false, () => Promise.reject(new Error("429 forever")));
    await sleep(60);
    expect(errors).toEqual([new Error("429 forever")]);
    throttle.stop();
  });
});
