/** System prompt of the summary request. */
export const SUMMARY_SYSTEM_PROMPT =
  "You write the working memory of a coding agent. The agent's context window is full; your summary replaces the older part of its conversation, so whatever you leave out is forgotten. Be specific (paths, names, commands, error messages) and brief. Do not call tools.";

/** The structure every summary follows; what a continuation needs, cheapest to read first. */
export const SUMMARY_INSTRUCTIONS = `Write a summary of the conversation above for the agent that will continue it. Use exactly these sections:

1. User requests: every request and constraint the user stated, quoted verbatim when short, with the key sentences quoted when long. Include corrections and preferences ("don't …", "always …").
2. Decisions and technical facts: approaches chosen or rejected and why, conventions, APIs, commands that worked.
3. Files: each file read, created or changed, with what was done to it and why (one line each; note any that still need work).
4. Errors: errors met and how each was resolved (or that it is still open).
5. Open work: what was being done right before this point, what remains, and the exact next step.

If the conversation begins with an earlier summary, merge its content into these sections: the result is one summary of everything, not a summary of a summary. Drop what no longer matters (superseded plans, fixed errors' details). Reply with the summary only, inside <summary></summary>.`;
