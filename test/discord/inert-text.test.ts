import { describe, expect, it } from "vitest";
import { defangLinks, defangMentions, inertContent, inertUserText } from "../../bots/discord/inert-text.ts";

const ZWSP = "\u200b";

describe("Platform rule: people's words render as typed on Discord (no mention pills, no hidden links, no restyling)", () => {
  it("breaks user, role, channel, command and timestamp mentions and @everyone/@here with an invisible zero-width space", () => {
    expect(defangMentions("<@123> <@!123> <@&456> <#789> </imagine:1> <t:0> @everyone @HERE")).toBe(
      `<${ZWSP}@123> <${ZWSP}@!123> <${ZWSP}@&456> <${ZWSP}#789> <${ZWSP}/imagine:1> <${ZWSP}t:0> @${ZWSP}everyone @${ZWSP}HERE`,
    );
    // Words that merely start like a mention keyword stay readable, and the text reads the same without the ZWSPs.
    expect(defangMentions("me@here.example").replaceAll(ZWSP, "")).toBe("me@here.example");
  });

  it("shows masked links as typed, so the visible text cannot hide where a link points", () => {
    expect(defangLinks("see [my site](http://evil.example) now")).toBe("see \\[my site\\](http://evil.example) now");
    // A plain URL stays a plain (visible) link.
    expect(defangLinks("http://ok.example")).toBe("http://ok.example");
  });

  it("is idempotent: text made inert twice (a rejection echoed inside a reply) gets no second escape", () => {
    const once = inertContent("[x](http://evil.example) <@1> @everyone");
    expect(inertContent(once)).toBe(once);
  });

  it("escapes markdown in someone's words placed inside our own markdown", () => {
    expect(inertUserText("**bold** ||spoiler|| ~~gone~~ `code`")).toBe("\\*\\*bold\\*\\* \\|\\|spoiler\\|\\| \\~\\~gone\\~\\~ \\`code\\`");
    expect(inertUserText("# Big heading")).toBe("\\# Big heading");
    expect(inertUserText("- a list")).toBe("\\- a list");
    expect(inertUserText("&lt;!channel&gt;")).toBe("&lt;!channel&gt;");
  });
});
