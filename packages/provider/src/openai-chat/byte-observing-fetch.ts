/**
 * A fetch whose response bodies report every chunk that arrives (keep-alive comments included),
 * so the idle watchdog measures silence on the wire. Own copy of the Anthropic adapter's
 * helper, kept here so the adapters stay independent.
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
