import { env } from "cloudflare:workers";

/** The account coordinator's stub, as the Worker reaches it. */
export const coordinator = () => env.COORDINATOR.getByName("account");
