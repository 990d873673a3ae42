import { HttpResponse, http } from "msw";
import { DISCORD_URL, RELAY_URL, SLACK_URL, WEBHOOK_URL } from "./fixtures";

/** One delivery as the receiver saw it. */
export interface Delivery {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The status the receiver answered. */
  status: number;
}

/**
 * A webhook receiver on the three kinds of URL kie-edge posts to (a JSON receiver, Slack, Discord). It records
 * every delivery and answers `respond()` (200 unless a test says otherwise).
 */
export const receiver = {
  deliveries: [] as Delivery[],
  respond: (): number | "drop" | "hang" => 200,
  reset() {
    this.deliveries = [];
    this.respond = () => 200;
  },
  /** The deliveries that were acknowledged, in order. */
  acknowledged(): Delivery[] {
    return this.deliveries.filter((d) => d.status >= 200 && d.status < 300);
  },
  /** The one acknowledged delivery; fails the test if there is not exactly one. */
  single(): Delivery {
    const [only, ...more] = this.acknowledged();
    if (!only || more.length > 0)
      throw new Error(`expected one acknowledged delivery, got ${more.length + (only ? 1 : 0)}`);
    return only;
  },
  /** The JSON-format events acknowledged, as `[type, id]` (relays to callers' callBackUrl are not events). */
  events(): { type: string; id: string }[] {
    return this.acknowledged()
      .filter((d) => d.url !== RELAY_URL)
      .map((d) => JSON.parse(d.body) as { type: string; id: string });
  },
  /** The one relay acknowledged at a caller's callBackUrl; fails the test if there is not exactly one. */
  singleRelay(): Delivery {
    const [only, ...more] = this.relays();
    if (!only || more.length > 0) throw new Error(`expected one relay, got ${more.length + (only ? 1 : 0)}`);
    return only;
  },
  /** The relays acknowledged at the callers' callBackUrl, in order. */
  relays(): Delivery[] {
    return this.acknowledged().filter((d) => d.url === RELAY_URL);
  },
};

export { DISCORD_URL, RELAY_URL, SLACK_URL, WEBHOOK_URL } from "./fixtures";

export const receiverHandlers = [WEBHOOK_URL, SLACK_URL, DISCORD_URL, RELAY_URL].map((url) =>
  http.post(url, async ({ request }) => {
    const answer = receiver.respond();
    if (answer === "hang") await new Promise((resolve) => request.signal.addEventListener("abort", resolve));
    receiver.deliveries.push({
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: await request.text(),
      status: typeof answer === "number" ? answer : 0,
    });
    return typeof answer === "number" ? new HttpResponse(null, { status: answer }) : HttpResponse.error();
  }),
);
