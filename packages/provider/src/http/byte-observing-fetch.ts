/**
 * A fetch whose response bodies report every chunk that arrives (pings and keep-alive comments
 * included), so the idle watchdog measures silence on the wire, not gaps between events.
 */
export function observeBytes(
  fetchFn: typeof globalThis.fetch,
  onActivity: () => void,
): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await fetchFn(input, init);
    onActivity();
    if (!response.body) return response;
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          onActivity();
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

/**
 * `client` itself, or, when the caller observes activity, a copy of it whose fetch reports
 * every chunk that arrives.
 */
export function observingClient<
  Client extends { withOptions(options: { fetch: typeof globalThis.fetch }): Client },
>(
  client: Client,
  fetchFn: typeof globalThis.fetch | undefined,
  onActivity: (() => void) | undefined,
): Client {
  return onActivity
    ? client.withOptions({ fetch: observeBytes(fetchFn ?? globalThis.fetch, onActivity) })
    : client;
}
