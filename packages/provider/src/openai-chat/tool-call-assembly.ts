import { generateToolCallId } from "./tool-call-ids.js";

/** One tool call being assembled from `delta.tool_calls[]` fragments. */
export interface ToolCallState {
  /** Position of the call's block in the Keel message (shared numbering with text/thinking). */
  blockIndex: number;
  /** `tool_calls[].index` of the fragment that opened it; undefined when the server sent none. */
  wireIndex: number | undefined;
  /** The server's id, or a generated one when the server sent none. */
  id: string;
  name: string;
  /** Concatenated `function.arguments` pieces; parsed once, at the end. */
  json: string;
}

/** A fragment, as parsed from the wire (fields absent on the wire are undefined/""). */
export interface ToolCallFragment {
  index: number | undefined;
  id: string;
  name: string;
  arguments: string;
}

/**
 * Assembles tool calls from fragments. By default a fragment belongs to the call opened at its
 * `index` (never "the last call": parallel calls interleave); a fragment carrying a different id
 * than the call at its index starts a new call. Fragments without an index (or every fragment,
 * when the server's indexes cannot be trusted) are matched by id, else appended to the most
 * recent call.
 */
export class ToolCallAssembly {
  readonly calls: ToolCallState[] = [];
  readonly #trustIndex: boolean;

  constructor(options: { trustIndex: boolean }) {
    this.#trustIndex = options.trustIndex;
  }

  /**
   * The call `fragment` belongs to, and whether it was just opened (so the caller announces it).
   * Undefined for an orphan fragment (arguments before any call was opened, no id, no name).
   */
  route(
    fragment: ToolCallFragment,
    nextBlockIndex: () => number,
  ): { call: ToolCallState; opened: boolean } | undefined {
    let call = this.#find(fragment);
    let opened = false;
    if (!call) {
      if (fragment.id === "" && fragment.name === "" && this.calls.length === 0) return undefined;
      call = {
        blockIndex: nextBlockIndex(),
        wireIndex: fragment.index,
        id: fragment.id === "" ? generateToolCallId() : fragment.id,
        name: fragment.name,
        json: "",
      };
      this.calls.push(call);
      opened = true;
    } else if (call.name === "" && fragment.name !== "") {
      // Some servers send the name after the id; none concatenates names.
      call.name = fragment.name;
    }
    call.json += fragment.arguments;
    return { call, opened };
  }

  #find(fragment: ToolCallFragment): ToolCallState | undefined {
    const last = this.calls.at(-1);
    if (this.#trustIndex && fragment.index !== undefined) {
      const atIndex = this.calls.findLast((c) => c.wireIndex === fragment.index);
      if (!atIndex) return undefined;
      // The same index reused with a new id (some servers number every call 0): a new call.
      if (fragment.id !== "" && fragment.id !== atIndex.id) return undefined;
      return atIndex;
    }
    if (fragment.id !== "") {
      return this.calls.find((c) => c.id === fragment.id);
    }
    // No id: a continuation of the most recent call, unless it opens one by name.
    if (last && (fragment.name === "" || fragment.name === last.name)) return last;
    return undefined;
  }
}
