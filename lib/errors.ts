/**
 * Errors a command may throw on purpose. The action wrapper turns them into messages a user can
 * act on; anything else is logged and answered with a generic message (no stack trace leaks).
 */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** A record that does not exist OR lies outside the user's region: the two look the same. */
export class NotFoundError extends DomainError {
  constructor(message: string) {
    super(message);
    this.name = "NotFoundError";
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super(message);
    this.name = "ForbiddenError";
  }
}

/** Someone else changed the record first (version check), or a uniqueness rule was hit. */
export class ConflictError extends DomainError {
  constructor(message: string, fieldErrors?: Record<string, string[]>) {
    super(message, fieldErrors);
    this.name = "ConflictError";
  }
}
