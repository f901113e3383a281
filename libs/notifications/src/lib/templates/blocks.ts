/**
 * The building blocks of every message. A template (per kind, per language)
 * returns blocks; one layout turns them into both the HTML and the plain-text
 * body, so the two bodies never say different things.
 */
export interface Link {
  label: string;
  url: string;
}

export type Block =
  | { kind: 'paragraph'; text: string; link?: Link }
  | { kind: 'heading'; text: string }
  /** Label/value pairs: the reference, dates, the request type. */
  | { kind: 'facts'; rows: ReadonlyArray<readonly [label: string, value: string]> }
  | { kind: 'list'; items: readonly string[] }
  /** A call to action: a button in HTML, "label: url" in text. */
  | { kind: 'button'; link: Link }
  /** A one-time code, large and easy to copy. */
  | { kind: 'code'; label: string; code: string }
  /** Text set apart, e.g. a refusal's reason in the operator's own words. */
  | { kind: 'quote'; text: string };

export interface MessageCopy {
  subject: string;
  /** The first line inbox lists show. */
  preheader: string;
  heading: string;
  blocks: Block[];
}

export const paragraph = (text: string, link?: Link): Block => ({ kind: 'paragraph', text, link });
export const heading = (text: string): Block => ({ kind: 'heading', text });
export const facts = (rows: ReadonlyArray<readonly [string, string]>): Block => ({ kind: 'facts', rows });
export const list = (items: readonly string[]): Block => ({ kind: 'list', items });
export const button = (label: string, url: string): Block => ({ kind: 'button', link: { label, url } });
export const code = (label: string, value: string): Block => ({ kind: 'code', label, code: value });
export const quote = (text: string): Block => ({ kind: 'quote', text });

/** Leaves out blocks a template adds only when an optional fact is there. */
export function present(...blocks: Array<Block | false | undefined>): Block[] {
  return blocks.filter((block): block is Block => Boolean(block));
}
