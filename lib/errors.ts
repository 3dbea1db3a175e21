/**
 * Errors a command may throw on purpose. The action wrapper turns them into messages a user can
 * act on; anything else is logged and answered with a generic message (no stack trace leaks).
 *
 * A message is a catalogue key with its parameters (`{ key: "common.notFound" }`), resolved each
 * time it is read — in the language of the request that reads it (decision 030) — or, as before,
 * a finished string (read from `t` at the throw, which is already the request's language).
 * Field errors take either form too.
 */
import { translate, type MessageKey } from "@/lib/i18n";

export type MessageRef = { key: MessageKey; params?: Record<string, string | number> };
export type Message = string | MessageRef;
export type FieldMessages = Record<string, Message[]>;

const resolve = (message: Message): string => (typeof message === "string" ? message : translate(message.key, message.params));

export class DomainError extends Error {
  readonly messageRef?: MessageRef;
  readonly #fieldMessages?: FieldMessages;

  constructor(message: Message, fieldErrors?: FieldMessages) {
    super(typeof message === "string" ? message : message.key);
    this.name = "DomainError";
    this.#fieldMessages = fieldErrors;
    if (typeof message !== "string") {
      this.messageRef = message;
      // Read, not stored: the same error answers each reader in their language.
      Object.defineProperty(this, "message", { get: () => resolve(message), configurable: true, enumerable: false });
    }
  }

  /** Field path → messages, in the language of whoever reads them now. */
  get fieldErrors(): Record<string, string[]> | undefined {
    const fields = this.#fieldMessages;
    if (!fields) return undefined;
    return Object.fromEntries(Object.entries(fields).map(([path, messages]) => [path, messages.map(resolve)]));
  }
}

/** A record that does not exist OR lies outside the user's region: the two look the same. */
export class NotFoundError extends DomainError {
  constructor(message: Message = { key: "common.notFound" }) {
    super(message);
    this.name = "NotFoundError";
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: Message = { key: "common.forbidden" }) {
    super(message);
    this.name = "ForbiddenError";
  }
}

/** Someone else changed the record first (version check), or a uniqueness rule was hit. */
export class ConflictError extends DomainError {
  constructor(message: Message = { key: "common.conflict" }, fieldErrors?: FieldMessages) {
    super(message, fieldErrors);
    this.name = "ConflictError";
  }
}
