import { Webhook } from "svix";
import type { ClerkProfile } from "./clerkUsers.ts";

/** The parts of Clerk's user events the sync uses. */
interface ClerkUserData {
  id: string;
  first_name?: string | null;
  last_name?: string | null;
  username?: string | null;
  image_url?: string | null;
  primary_email_address_id?: string | null;
  email_addresses?: { id: string; email_address: string }[];
}

/** user.created/updated carry the whole user; user.deleted only its id. */
export interface ClerkEvent {
  type: string;
  data: ClerkUserData;
}

/**
 * Verifies the svix signature over the raw body (svix-id, svix-timestamp, svix-signature
 * headers; the timestamp must be within svix's tolerance) and returns the event, or null for
 * anything that does not verify.
 */
export function verifyClerkEvent(secret: string, body: string, headers: Headers): ClerkEvent | null {
  const svixHeaders = {
    "svix-id": headers.get("svix-id") ?? "",
    "svix-timestamp": headers.get("svix-timestamp") ?? "",
    "svix-signature": headers.get("svix-signature") ?? "",
  };
  try {
    // svix 2's verify throws on a bad signature and returns nothing: the body is parsed here,
    // only after it verified.
    new Webhook(secret).verify(body, svixHeaders);
    return JSON.parse(body) as ClerkEvent;
  } catch {
    return null;
  }
}

export function profileOf(data: ClerkUserData): ClerkProfile {
  const primary = data.email_addresses?.find((e) => e.id === data.primary_email_address_id) ?? data.email_addresses?.[0];
  const name = [data.first_name, data.last_name].filter(Boolean).join(" ") || data.username || null;
  return { clerkId: data.id, email: primary?.email_address ?? null, displayName: name, imageUrl: data.image_url ?? null };
}
