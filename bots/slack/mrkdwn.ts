/**
 * Text people typed, made safe for mrkdwn: `<`, `>` and `&` are control characters there, and
 * unescaped they would turn "<!channel>" in a prompt into a ping for the whole channel.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Text Slack sends us (command text, message text) with its three entities decoded: Slack
 * encodes "&", "<" and ">" in what people type, and the prompt should be what they typed.
 */
export function decodeSlackText(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}
