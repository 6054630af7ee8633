import { getSchema, type AnyExtension, type JSONContent } from '@tiptap/core';
import { Heading } from '@tiptap/extension-heading';
import { BulletList, OrderedList } from '@tiptap/extension-list';
import { TableKit } from '@tiptap/extension-table';
import { MarkdownManager } from '@tiptap/markdown';
import { Node as DocumentNode } from '@tiptap/pm/model';
import { StarterKit } from '@tiptap/starter-kit';

/**
 * A list written with blank lines between its items (as drafted minutes list who attended)
 * renders each item as a paragraph; the editor keeps that, instead of tightening the list and
 * changing the published page's spacing.
 */
function keepingLooseItems<List extends typeof BulletList | typeof OrderedList>(list: List) {
  return list.extend({
    addAttributes() {
      return { ...this.parent?.(), loose: { default: false, rendered: false } };
    },
    parseMarkdown(token, helpers) {
      const parsed = this.parent?.(token, helpers) ?? [];
      if (Array.isArray(parsed) || !token.loose) return parsed;
      return { ...parsed, attrs: { ...parsed.attrs, loose: true } };
    },
    renderMarkdown(node, helpers, context) {
      if (node.attrs?.loose && node.content) return helpers.renderChildren(node.content, '\n\n');
      return this.parent?.(node, helpers, context) ?? '';
    },
  });
}

/**
 * Headings shown as the published page shows them: from h2, under the page's own h1 (the
 * renderer turns `#` into h2). The level stays in the document, so `#` is written back as `#`.
 */
const PageHeading = Heading.extend({
  renderHTML({ node, HTMLAttributes }) {
    return [`h${Math.max(2, node.attrs.level as number)}`, HTMLAttributes, 0];
  },
}).configure({ levels: [1, 2, 3, 4] });

/**
 * What the minutes' rich-text editor knows, and nothing Markdown cannot store: no underline
 * (Markdown has none), no code blocks (minutes are prose). Tables keep one paragraph per cell,
 * as a Markdown table cell holds one line. Loaded only by the minutes page, with `import()`.
 */
export const minutesExtensions: AnyExtension[] = [
  StarterKit.configure({
    underline: false,
    codeBlock: false,
    // It would add an empty paragraph after a final quote or table, a change nobody made; the
    // gap cursor (arrow keys past the table) still lets the secretary write after it.
    trailingNode: false,
    heading: false,
    bulletList: false,
    orderedList: false,
    // A click in the editor places the caret: links are followed from the published page.
    link: { openOnClick: false, autolink: true, protocols: ['mailto'] },
  }),
  PageHeading,
  keepingLooseItems(BulletList),
  keepingLooseItems(OrderedList),
  TableKit.configure({ table: { resizable: false } }),
];

const schema = getSchema(minutesExtensions);
const manager = new MarkdownManager({ extensions: minutesExtensions });

/** Markdown (GitHub-flavoured, as drafted and stored) as the editor's document. */
export function minutesDocument(markdown: string): JSONContent {
  // Through the schema, as the editor would: what it cannot hold is dropped here, in tests too.
  return DocumentNode.fromJSON(schema, manager.parse(markdown)).toJSON() as JSONContent;
}

/** Blank lines beyond one are noise the serialiser leaves around tables; code keeps its own. */
function withoutExtraBlankLines(markdown: string): string {
  let inCode = false;
  const lines: string[] = [];
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inCode = !inCode;
    const blank = line.trim() === '';
    if (!inCode && blank && (lines.length === 0 || lines.at(-1)!.trim() === '')) continue;
    lines.push(blank && !inCode ? '' : line);
  }
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

/** The editor's document as the Markdown the API stores. */
export function minutesMarkdown(document: JSONContent): string {
  return withoutExtraBlankLines(manager.serialize(document));
}
