import { abortedError, ProviderError } from "../provider-error.js";

type ErrorClass<E> = abstract new (...args: never[]) => E;

/** The error classes both official SDKs (Anthropic, OpenAI) export under the same names. */
export interface SdkErrorClasses<ApiError> {
  APIUserAbortError: ErrorClass<Error>;
  APIConnectionTimeoutError: ErrorClass<Error>;
  APIConnectionError: ErrorClass<Error>;
  APIError: ErrorClass<ApiError>;
}

export interface SdkErrorContext<ApiError> {
  sdk: SdkErrorClasses<ApiError>;
  signal: AbortSignal;
  /** Only words the timeout message. */
  requestTimeoutMs: number;
  /** Names the server in messages, e.g. "the Anthropic API", "the model server". */
  server: string;
  /** Classifies what the API said: an HTTP error response or a mid-stream error frame. */
  fromApiError: (error: ApiError) => ProviderError;
  /**
   * The message for a stream chunk that was not JSON (the SDK throws a SyntaxError). Without
   * it, such an error counts as a connection lost mid-stream.
   */
  malformedChunk?: (error: SyntaxError) => string;
}

function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}

/** Maps anything an SDK (or the fetch underneath it) threw to a classified ProviderError. */
export function classifySdkError<ApiError>(
  error: unknown,
  context: SdkErrorContext<ApiError>,
): ProviderError {
  const { sdk, server } = context;
  const Server = server.charAt(0).toUpperCase() + server.slice(1);
  if (error instanceof ProviderError) return error;
  if (context.signal.aborted || error instanceof sdk.APIUserAbortError) return abortedError(error);
  if (error instanceof sdk.APIConnectionTimeoutError) {
    return new ProviderError({
      kind: "network",
      retryable: true,
      cause: error,
      message: `${Server} sent no response within ${context.requestTimeoutMs} ms. Retrying; raise requestTimeoutMs if this persists.`,
    });
  }
  if (error instanceof sdk.APIConnectionError) {
    return new ProviderError({
      kind: "network",
      retryable: true,
      cause: error,
      message: `Could not reach ${server}: ${errorMessage(error.cause ?? error)}. Check the network and the base URL.`,
    });
  }
  if (error instanceof sdk.APIError) {
    return new ProviderError({ ...context.fromApiError(error).toInfo(), cause: error });
  }
  if (error instanceof SyntaxError && context.malformedChunk) {
    return new ProviderError({
      kind: "server",
      retryable: true,
      cause: error,
      message: context.malformedChunk(error),
    });
  }
  // A body read that failed after the headers arrived: the connection dropped mid-stream.
  return new ProviderError({
    kind: "network",
    retryable: true,
    cause: error,
    message: `The connection to ${server} was lost mid-stream: ${errorMessage(error)}.`,
  });
}
