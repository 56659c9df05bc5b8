/**
 * How a provider failure is classified. Retryability is decided from the kind plus the
 * response (status, headers), never from regexes over messages.
 */
export type ProviderErrorKind =
  | "rate_limit"
  | "overloaded"
  | "server"
  | "network"
  | "auth"
  | "invalid_request"
  | "context_overflow"
  | "aborted";

/** A provider error as data: what events and results carry. */
export interface ProviderErrorInfo {
  kind: ProviderErrorKind;
  message: string;
  retryable: boolean;
  /** HTTP status, or null for failures without a response (reset, idle timeout, error frame). */
  status: number | null;
  retryAfterMs?: number;
}
