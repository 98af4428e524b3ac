/**
 * Clerk-issued JWTs (the website's signed-in users). CLERK_JWT_ISSUER_DOMAIN is set in the
 * Convex deployment: the "convex" JWT template's issuer, e.g. https://clerk.example.com.
 * The bots do not use this: they authenticate with PIXORLY_SERVICE_SECRET.
 */
export default {
  providers: [{ domain: process.env.CLERK_JWT_ISSUER_DOMAIN, applicationID: "convex" }],
};
