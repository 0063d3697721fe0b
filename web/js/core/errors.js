// One error type for everything the server refuses: the GraphQL error's message and its
// extensions (code, field, retryAfterSeconds).

export class ApiError extends Error {
  constructor(message, code = "INTERNAL", field = null, extensions = {}) {
    super(message);
    this.code = code;
    this.field = field;
    this.extensions = extensions;
  }

  static from(gqlError) {
    const x = gqlError.extensions || {};
    const err = new ApiError(gqlError.message, x.code || "INTERNAL", x.field || null, x);
    // Set when a resolver refused (the query itself was valid).
    err.path = gqlError.path || null;
    return err;
  }
}

/** What to tell the user, in their words. */
export function describe(err) {
  if (!(err instanceof ApiError)) return "Something went wrong in the page. Reload and try again.";
  switch (err.code) {
    case "RATE_LIMITED": {
      const s = err.extensions.retryAfterSeconds;
      const wait = s ? (s >= 90 ? `${Math.ceil(s / 60)} minutes` : `${s} seconds`) : "a few minutes";
      return `Too many attempts. Wait ${wait} and try again.`;
    }
    case "INTERNAL":
      return "The server could not do that. Try again; if it keeps failing, tell your instructor.";
    case "NOT_FOUND":
      return `Not found: ${err.message}.`;
    default:
      return err.message;
  }
}
