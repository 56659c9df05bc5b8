/** A scripted turn as the cursor sees it: the faults served (one per request) before its normal response. */
export interface ScriptedTurn<Fault> {
  faults?: Fault[];
}

/** The turns in order, or a function choosing the turn for each request. */
export type Script<Turn, Request> = Turn[] | ((request: Request, index: number) => Turn);

export type ScriptStep<Turn extends ScriptedTurn<unknown>> =
  | { kind: "fault"; fault: NonNullable<Turn["faults"]>[number]; turn: Turn }
  | { kind: "turn"; turn: Turn }
  | { kind: "exhausted"; message: string };

/**
 * Walks the script: each accepted request gets the current turn's next fault, or (once its
 * faults are used up) the turn's normal response, which moves on to the next turn.
 */
export class ScriptCursor<Turn extends ScriptedTurn<unknown>, Request extends { index: number }> {
  readonly #script: Script<Turn, Request>;
  readonly #fakeName: string;
  #turnIndex = 0;
  #faultIndex = 0;
  #current: Turn | undefined;

  /** `fakeName` (e.g. `fake-anthropic`) starts the messages of an exhausted or failing script. */
  constructor(script: Script<Turn, Request>, fakeName: string) {
    this.#script = script;
    this.#fakeName = fakeName;
  }

  next(request: Request): ScriptStep<Turn> {
    if (this.#current === undefined) {
      const turn = this.#load(request);
      if (typeof turn === "string") return { kind: "exhausted", message: turn };
      this.#current = turn;
      this.#faultIndex = 0;
    }
    const turn = this.#current;
    const fault = turn.faults?.[this.#faultIndex];
    if (fault !== undefined) {
      this.#faultIndex += 1;
      return { kind: "fault", fault, turn };
    }
    this.#current = undefined;
    this.#turnIndex += 1;
    return { kind: "turn", turn };
  }

  /** The turn for the current index, or a message saying why there is none. */
  #load(request: Request): Turn | string {
    const script = this.#script;
    if (typeof script === "function") {
      try {
        return script(request, this.#turnIndex);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return `${this.#fakeName}: the script function threw for turn ${this.#turnIndex} (request #${request.index}): ${reason}`;
      }
    }
    const turn = script[this.#turnIndex];
    if (turn === undefined) {
      return (
        `${this.#fakeName}: script exhausted: it has ${script.length} turn(s) and request #${request.index} ` +
        "asked for another. Add a turn to the test's script."
      );
    }
    return turn;
  }
}
