/**
 * Every word a member reads must come from the catalogues (fr.ts, en.ts): a sentence typed
 * straight into a component is shown in French to an English reader, or the other way round.
 * This test reads every component with the Svelte parser (not regexes: `{a > b}` or a `<` in
 * an expression would fool them) and lists each piece of language written in the markup, then
 * checks that the keys passed to `t()` / `tCount()` exist.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'svelte/compiler';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { fr } from './fr.ts';

const srcDir = fileURLToPath(new URL('../..', import.meta.url));
const repoDir = join(srcDir, '../..');

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

// The component catalogue (routes/dev) is a developers' page that production builds answer with
// 404: its headings name components, in English, and are never shown to a member.
const svelteFiles = filesUnder(srcDir, (name) => name.endsWith('.svelte')).filter(
  (file) => !file.includes('/routes/dev/'),
);
// Test files may quote French on purpose (expected output); only shipped code is checked.
const scriptFiles = filesUnder(srcDir, (name) => /\.ts$/.test(name) && !name.endsWith('.test.ts'));

/**
 * Text that is not language, so it reads the same in every locale. Anything else with a
 * letter in it is an offender. Each entry says why it is safe.
 */
const allowedText = new Set([
  // The product's name is a brand, not a word to translate (the logo link says it).
  'Cercle',
]);

/** A piece of text says something in a language when it contains a letter (any script). */
function isLanguage(text: string): boolean {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  // Punctuation, separators (`·`, `—`, `:`), symbols (`%`, `→`) and digits need no translation.
  if (!/\p{L}/u.test(trimmed)) return false;
  return !allowedText.has(trimmed);
}

/** Attributes whose value is read out or shown to the member. */
const userFacingAttributes = new Set([
  'alt',
  'title',
  'placeholder',
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'aria-placeholder',
  // `label` is the visible label of our form components (<Field label=…>) and of <option>.
  'label',
]);

/** Elements holding code, keys to press or program output, shown as they are. */
const verbatimElements = new Set(['code', 'kbd', 'samp']);

type Offender = { file: string; line: number; text: string };

// Minimal shapes of the modern Svelte AST, enough to walk it.
type AstNode = { type: string; start: number; end: number; [key: string]: unknown };
type Attribute = AstNode & { name: string; value: true | AstNode | AstNode[] };

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as AstNode).type === 'string';
}

function lineOf(source: string, offset: number): number {
  return source.slice(0, offset).split('\n').length;
}

/** The literal text of an attribute (`title="Fermer"` → "Fermer", `title={x}` → ""). */
function literalText(attribute: Attribute): string {
  const parts = Array.isArray(attribute.value) ? attribute.value : [];
  return parts
    .filter((part) => part.type === 'Text')
    .map((part) => String(part.data))
    .join(' ');
}

function staticAttribute(node: AstNode, name: string): string | undefined {
  const attributes = (node.attributes ?? []) as AstNode[];
  const found = attributes.find(
    (attribute): attribute is Attribute =>
      attribute.type === 'Attribute' && (attribute as Attribute).name === name,
  );
  return found ? literalText(found) : undefined;
}

/** Lists the language written directly in a component's markup. */
function hardcodedText(source: string, file: string): Offender[] {
  const ast = parse(source, { modern: true });
  const offenders: Offender[] = [];
  const report = (node: AstNode, text: string) =>
    offenders.push({
      file,
      line: lineOf(source, node.start),
      text: text.replace(/\s+/g, ' ').trim(),
    });

  function visit(value: unknown): void {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!isNode(value)) return;
    // Markup text. Text inside attribute values is handled below, with the attribute's name,
    // so the walk never reaches it here.
    if (value.type === 'Text') {
      if (isLanguage(String(value.data))) report(value, String(value.data));
      return;
    }
    // Comments are for developers; expressions (`{…}`, `t('…')`) are JavaScript, where a
    // string literal is usually a key, a class name or a URL.
    if (value.type === 'Comment' || value.type === 'ExpressionTag') return;
    const attributes = Array.isArray(value.attributes) ? (value.attributes as AstNode[]) : [];
    const isButtonInput =
      value.type === 'RegularElement' &&
      value.name === 'input' &&
      ['submit', 'button', 'reset'].includes(staticAttribute(value, 'type') ?? '');
    for (const attribute of attributes) {
      if (attribute.type !== 'Attribute') continue;
      const { name } = attribute as Attribute;
      const text = literalText(attribute as Attribute);
      const userFacing = userFacingAttributes.has(name) || (isButtonInput && name === 'value');
      if (userFacing && isLanguage(text)) report(attribute, `${name}="${text}"`);
    }
    // What the member types or the software reads verbatim (`<code>droit_de_vote</code>`, a
    // CSV column the importer accepts in either language) is not translated: translating it
    // would make it wrong.
    if (value.type === 'RegularElement' && verbatimElements.has(String(value.name))) return;
    // Only fragments hold markup: an element's or component's children, a block's branches
    // (`{:else}`, `{:then}`…), a snippet's body. Everything else on a node (`test`,
    // `expression`, `context`…) is JavaScript.
    for (const child of Object.values(value)) {
      if (isNode(child) && child.type === 'Fragment') visit(child.nodes);
    }
  }

  // `instance` / `module` (scripts) and `css` are not walked: only the markup fragment is.
  visit(ast.fragment.nodes);
  return offenders;
}

type KeyUse = { file: string; line: number; key: string; prefix: boolean };

const translatingFunctions = new Set(['t', 'tCount']);

/**
 * The keys given to `t()` / `tCount()` as literals: `t('a.b')` names `a.b`, `` t(`a.${x}`) ``
 * names some key starting with `a.` (tCount's argument is a base: `.one`/`.other` follow).
 */
function keyUses(file: string, source: string): KeyUse[] {
  const uses: KeyUse[] = [];
  const record = (
    name: string,
    argument: { kind: 'literal' | 'prefix'; text: string },
    line: number,
  ) => {
    if (!translatingFunctions.has(name)) return;
    // tCount takes a base: the catalogue has `<base>.one` and `<base>.other`.
    const key = argument.text + (name === 'tCount' && argument.kind === 'literal' ? '.one' : '');
    uses.push({ file, line, key, prefix: argument.kind === 'prefix' });
  };

  if (file.endsWith('.svelte')) {
    // The Svelte parser gives ESTree for the scripts and for every `{…}` in the markup.
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(walk);
      if (!isNode(value)) return;
      const callee = value.callee as AstNode | undefined;
      let [argument] = (value.arguments ?? []) as AstNode[];
      // `t('a.b' as MessageKey)`: a cast hides the key from tsc, not from this check.
      while (argument?.type === 'TSAsExpression' || argument?.type === 'TSSatisfiesExpression')
        argument = argument.expression as AstNode;
      if (value.type === 'CallExpression' && callee?.type === 'Identifier' && argument) {
        const line = lineOf(source, value.start);
        if (argument.type === 'Literal' && typeof argument.value === 'string') {
          record(String(callee.name), { kind: 'literal', text: argument.value }, line);
        } else if (argument.type === 'TemplateLiteral') {
          const [head] = argument.quasis as { value: { cooked: string } }[];
          const kind = (argument.expressions as unknown[]).length ? 'prefix' : 'literal';
          record(String(callee.name), { kind, text: head!.value.cooked }, line);
        }
      }
      for (const [key, child] of Object.entries(value)) {
        if (key !== 'metadata' && key !== 'parent') walk(child);
      }
    };
    walk(parse(source, { modern: true }));
    return uses;
  }

  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const walk = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.arguments[0]) {
      let argument: ts.Expression = node.arguments[0];
      while (ts.isAsExpression(argument) || ts.isSatisfiesExpression(argument))
        argument = argument.expression;
      const line = tree.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      if (ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument)) {
        record(node.expression.text, { kind: 'literal', text: argument.text }, line);
      } else if (ts.isTemplateExpression(argument)) {
        record(node.expression.text, { kind: 'prefix', text: argument.head.text }, line);
      }
    }
    ts.forEachChild(node, walk);
  };
  walk(tree);
  return uses;
}

const relativeToRepo = (file: string) => relative(repoDir, file);

describe('components', () => {
  it('write no user-facing text directly: it comes from the catalogues through t()', () => {
    const offenders = svelteFiles.flatMap((file) =>
      hardcodedText(readFileSync(file, 'utf8'), relativeToRepo(file)),
    );
    const listing = offenders.map(({ file, line, text }) => `${file}:${line}  ${text}`);
    expect(listing, 'Move these texts to fr.ts and en.ts and show them with t()').toEqual([]);
  });

  it('only use message keys that exist in fr.ts', () => {
    const keys = Object.keys(fr);
    const uses = [...svelteFiles, ...scriptFiles].flatMap((file) =>
      keyUses(relativeToRepo(file), readFileSync(file, 'utf8')),
    );
    // Guards the scan itself: a parser change that found no call would pass vacuously.
    expect(uses.length).toBeGreaterThan(100);
    const unknown = uses
      .filter(({ key, prefix }) =>
        prefix ? !keys.some((known) => known.startsWith(key)) : !(key in fr),
      )
      .map(({ file, line, key, prefix }) => `${file}:${line}  ${key}${prefix ? '…' : ''}`);
    expect(unknown, 'These keys are missing from fr.ts').toEqual([]);
  });
});

describe('the scan', () => {
  it('finds text and user-facing attributes but not code, comments or punctuation', () => {
    const source = [
      '<script>let a = "Bonjour";</script>',
      '<!-- Un commentaire -->',
      '<p>{t("x")} · — 42 %</p>',
      '<p>Bonjour {name}</p>',
      '<img alt="Un chat" src="/chat.png" />',
      '<input type="submit" value="Envoyer" /><input type="text" value="brouillon" />',
      '<Field label="Nom" name="name" />',
      '<dt><code>courriel</code> / <code>email</code></dt>',
      '{#if a < b}<span title={t("y")}>Cercle</span>{:else}Sinon{/if}',
      '<style>p::before { content: "Texte"; }</style>',
    ].join('\n');
    expect(hardcodedText(source, 'x.svelte').map(({ line, text }) => `${line} ${text}`)).toEqual([
      '4 Bonjour',
      '5 alt="Un chat"',
      '6 value="Envoyer"',
      '7 label="Nom"',
      '9 Sinon',
    ]);
  });
});
