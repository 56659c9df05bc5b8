import type { Component } from "@earendil-works/pi-tui";

/** A piece of the conversation on screen (a prompt, an answer, a tool call, a notice). */
export interface TranscriptBlock extends Component {
  /**
   * True once the block will never render differently at this width: it may then leave the
   * live region for the terminal's scrollback and be dropped from memory.
   */
  readonly final: boolean;
}

interface Rendered {
  block: TranscriptBlock;
  lines: number;
  final: boolean;
}

/**
 * The conversation's live part: blocks not yet handed to the scrollback. Rendering records how
 * many lines each block produced, so the screen can drop a finished prefix exactly.
 */
export class Transcript implements Component {
  private blocks: TranscriptBlock[] = [];
  private lastRender: Rendered[] = [];

  add(block: TranscriptBlock): void {
    this.blocks.push(block);
  }

  /** Insert before `before` (or append when it is not live any more). */
  insertBefore(block: TranscriptBlock, before: TranscriptBlock): void {
    const i = this.blocks.indexOf(before);
    if (i === -1) this.blocks.push(block);
    else this.blocks.splice(i, 0, block);
  }

  remove(block: TranscriptBlock): boolean {
    const i = this.blocks.indexOf(block);
    if (i === -1) return false;
    this.blocks.splice(i, 1);
    return true;
  }

  has(block: TranscriptBlock): boolean {
    return this.blocks.includes(block);
  }

  get liveBlocks(): readonly TranscriptBlock[] {
    return this.blocks;
  }

  render(width: number): string[] {
    const out: string[] = [];
    this.lastRender = [];
    for (const block of this.blocks) {
      const final = block.final;
      const lines = block.render(width);
      for (const line of lines) out.push(line);
      this.lastRender.push({ block, lines: lines.length, final });
    }
    return out;
  }

  /**
   * Removes the leading blocks that were already final when last rendered and returns how many
   * lines they took: those lines are on the terminal and will not change again.
   */
  takeFinishedPrefix(): number {
    let lines = 0;
    let count = 0;
    for (const r of this.lastRender) {
      if (!r.final || this.blocks[count] !== r.block) break;
      lines += r.lines;
      count++;
    }
    if (count === 0) return 0;
    this.blocks.splice(0, count);
    this.lastRender.splice(0, count);
    return lines;
  }

  invalidate(): void {
    for (const block of this.blocks) block.invalidate();
  }
}
