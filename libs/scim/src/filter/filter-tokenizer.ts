/** Tokens of the RFC 7644 §3.4.2.2 filter grammar (and of PATCH paths, §3.5.2 Fig. 1). */
export type Token =
  | { readonly kind: 'word'; readonly text: string; readonly position: number }
  | {
      readonly kind: 'string';
      readonly text: string;
      readonly value: string;
      readonly position: number;
    }
  | {
      readonly kind: 'number';
      readonly text: string;
      readonly value: number;
      readonly position: number;
    }
  | { readonly kind: '(' | ')' | '[' | ']'; readonly text: string; readonly position: number }
  | { readonly kind: 'end'; readonly text: ''; readonly position: number };

/** Thrown by the tokenizer and parser; the caller turns it into a ScimError of its own kind. */
export class SyntaxProblem extends Error {
  constructor(
    readonly found: string,
    readonly position: number,
    readonly expected?: string,
  ) {
    super(found);
  }
}

// Attribute names (RFC 7643 §2.1) plus ':' and '.' of URN-qualified paths and '$' of `$ref`.
const WORD = /[A-Za-z0-9_:.$-]+/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /\s+/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  while (position < text.length) {
    WHITESPACE.lastIndex = position;
    if (WHITESPACE.test(text)) {
      position = WHITESPACE.lastIndex;
      continue;
    }
    const char = text.charAt(position);
    if (char === '(' || char === ')' || char === '[' || char === ']') {
      tokens.push({ kind: char, text: char, position });
      position += 1;
    } else if (char === '"') {
      const token = readString(text, position);
      tokens.push(token);
      position += token.text.length;
    } else if (/[0-9-]/.test(char)) {
      NUMBER.lastIndex = position;
      const match = NUMBER.exec(text);
      WORD.lastIndex = NUMBER.lastIndex;
      if (match === null || WORD.test(text))
        throw new SyntaxProblem(wordAt(text, position), position, 'a number');
      tokens.push({ kind: 'number', text: match[0], value: Number(match[0]), position });
      position += match[0].length;
    } else {
      WORD.lastIndex = position;
      const match = WORD.exec(text);
      if (match === null) throw new SyntaxProblem(char, position);
      tokens.push({ kind: 'word', text: match[0], position });
      position += match[0].length;
    }
  }
  tokens.push({ kind: 'end', text: '', position: text.length });
  return tokens;
}

/** A JSON string literal (RFC 8259 §7), as RFC 7644 §3.4.2.2 requires for compValue. */
function readString(text: string, start: number): Token {
  let value = '';
  let position = start + 1;
  while (position < text.length) {
    const char = text.charAt(position);
    if (char === '"') {
      return { kind: 'string', text: text.slice(start, position + 1), value, position: start };
    }
    if (char === '\\') {
      const escape = text.charAt(position + 1);
      if (escape === 'u') {
        const hex = text.slice(position + 2, position + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex))
          throw new SyntaxProblem(`\\u${hex}`, position, 'a \\uXXXX escape');
        value += String.fromCharCode(parseInt(hex, 16));
        position += 6;
        continue;
      }
      const decoded = ESCAPES[escape];
      if (decoded === undefined)
        throw new SyntaxProblem(`\\${escape}`, position, 'a JSON string escape');
      value += decoded;
      position += 2;
      continue;
    }
    value += char;
    position += 1;
  }
  throw new SyntaxProblem(text.slice(start), start, 'a closing quote');
}

function wordAt(text: string, position: number): string {
  const match = /[^\s()[\]"]+/y;
  match.lastIndex = position;
  return match.exec(text)?.[0] ?? text.charAt(position);
}
