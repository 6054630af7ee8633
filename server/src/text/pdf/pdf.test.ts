import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { markdownToPdf, type PdfDocument } from './index.ts';

// Courier is not embedded: pdfjs needs its own metrics for it, shipped in its package.
const standardFontDataUrl =
  join(
    dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')),
    'standard_fonts',
  ) + '/';

interface Run {
  text: string;
  x: number;
  /** Font size, in points. */
  size: number;
  /** pdfjs's name for the font face: runs in the same face share it. */
  font: string;
}

interface Line {
  text: string;
  /** Distance from the bottom of the page, in points. */
  y: number;
  runs: Run[];
}

interface Bookmark {
  title: string;
  items: Bookmark[];
}

interface Extracted {
  pages: { text: string; lines: Line[] }[];
  info: Record<string, unknown>;
  outline: Bookmark[];
  links: string[];
}

/** Reads a PDF back the way a viewer's text layer would. */
async function extract(pdf: Buffer): Promise<Extracted> {
  const document = await getDocument({
    data: new Uint8Array(pdf),
    standardFontDataUrl,
    verbosity: VerbosityLevel.ERRORS,
  }).promise;
  try {
    const pages: Extracted['pages'] = [];
    const links: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      // Items of one baseline make a line, read left to right (list markers come last in the
      // stream, for one).
      const lines = new Map<number, Run[]>();
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const y = Math.round(Number(item.transform[5]));
        const run = {
          text: item.str,
          x: Number(item.transform[4]),
          size: item.height,
          font: item.fontName,
        };
        lines.set(y, [...(lines.get(y) ?? []), run]);
      }
      const sorted = [...lines]
        .sort(([a], [b]) => b - a)
        .map(([y, runs]) => {
          runs.sort((a, b) => a.x - b.x);
          return { y, runs, text: runs.map((run) => run.text).join('') };
        });
      pages.push({ text: sorted.map((line) => line.text).join('\n'), lines: sorted });
      for (const annotation of await page.getAnnotations()) {
        if (typeof annotation.url === 'string') links.push(annotation.url);
      }
    }
    const { info } = await document.getMetadata();
    const outline = (await document.getOutline()) ?? [];
    return { pages, info: info as Record<string, unknown>, outline, links };
  } finally {
    await document.destroy();
  }
}

const allText = (extracted: Extracted): string =>
  extracted.pages.map((page) => page.text).join('\n');
// Lines wrap wherever the layout puts them: compare sentences with spaces made uniform.
const flat = (text: string): string => text.replace(/[ \n]+/g, ' ');

const base: PdfDocument = {
  title: 'Procès-verbal — AG nationale',
  markdown: '',
  language: 'fr',
  footer: 'AG NAT — version 2 — empreinte 3fa2…',
};

const french =
  'L’assemblée, réunie à Besançon, a voté « à l’unanimité » : façon, œuvre, Noël – fin — déjà…';

const minutes = `# Procès-verbal de l’assemblée générale

## Ordre du jour

${french}

Ça va\u202f? Oui\u00a0! Présents : Łukasz Wróblewski, Nguyễn Văn An 😀.

1. Approbation du budget
2. Élection du bureau
   - présidence
   - trésorerie

- [x] Quorum atteint
- [ ] Date de la prochaine séance

Voir [le site](https://example.org/ag) ou <https://cercle.example>, et **gras**, *italique*, \`code\`.

> Citation du président.

### Votes

| Résolution | Pour | Contre |
|:-----------|-----:|-------:|
| Budget     | 12   | 3      |
| Bureau     | 9    | 6      |
`;

let fr: Extracted;

beforeAll(async () => {
  fr = await extract(await markdownToPdf({ ...base, markdown: minutes }));
});

describe('markdownToPdf', () => {
  it('produces a PDF with the headings, lists, links and table of the minutes', () => {
    const text = allText(fr);
    expect(text).toContain('Procès-verbal de l’assemblée générale');
    expect(text).toContain('Ordre du jour');
    expect(text).toContain('Élection du bureau');
    expect(text).toContain('trésorerie');
    expect(text).toContain('[x] Quorum atteint');
    expect(text).toContain('[ ] Date de la prochaine séance');
    expect(text).toContain('Citation du président.');
    // A table row reads across its cells, header included.
    expect(text).toMatch(/Résolution\s*Pour\s*Contre/);
    expect(text).toMatch(/Budget\s*12\s*3/);
    expect(text).toMatch(/Bureau\s*9\s*6/);
    // A link's address is printed once, after its text, only when the text does not show it.
    expect(flat(text)).toContain('le site (https://example.org/ag)');
    expect(text.match(/cercle\.example/g)).toHaveLength(1);
    // One annotation per word: what matters is which addresses are clickable.
    expect(new Set(fr.links)).toEqual(
      new Set(['https://example.org/ag', 'https://cercle.example/']),
    );
  });

  it('prints an election’s merit profiles, ten columns wide, every cell on the page', async () => {
    // The minutes' majority-judgment table: rank, name, majority grade, then the seven grades.
    const grades = [
      'Excellent',
      'Très bien',
      'Bien',
      'Assez bien',
      'Passable',
      'Insuffisant',
      'À rejeter',
    ];
    const row = (rank: number, name: string, grade: string, counts: number[]) =>
      `| ${rank} | ${name} | ${grade} | ${counts.join(' | ')} |`;
    const markdown = [
      '## Élections',
      '### Conseil d’administration',
      `| Rang | Candidature | Mention majoritaire | ${grades.join(' | ')} |`,
      `| --- | --- | --- | ${grades.map(() => '---:').join(' | ')} |`,
      row(1, 'Nadia Benali', 'Excellent', [3, 2, 0, 0, 0, 0, 0]),
      row(2, 'Jean-Baptiste de La Fontaine-Marchand', 'Très bien', [1, 3, 1, 0, 0, 0, 0]),
    ].join('\n');
    const pdf = await extract(await markdownToPdf({ ...base, markdown }));
    const text = allText(pdf);
    // Headers wrap inside their narrow cells (« Assez » over « bien »): every word is printed.
    for (const word of grades.flatMap((grade) => grade.split(' '))) expect(text).toContain(word);
    expect(text).toContain('Fontaine-');
    expect(pdf.pages).toHaveLength(1);
    expect(text).toMatch(/Nadia Benali\s*Excellent\s*3\s*2\s*0/);
  });

  it('sets headings larger than the text, and table headers in bold', () => {
    const runs = fr.pages.flatMap((page) => page.lines.flatMap((line) => line.runs));
    const run = (text: string) => {
      const found = runs.find((candidate) => candidate.text.startsWith(text));
      expect(found, text).toBeDefined();
      return found as Run;
    };
    const body = run('Citation du président.').size;
    expect(run('Procès-verbal').size).toBeGreaterThan(body * 1.6);
    expect(run('Ordre du jour').size).toBeGreaterThan(body * 1.3);
    expect(run('Votes').size).toBeGreaterThan(body * 1.1);
    expect(run('Ordre du jour').font).not.toBe(run('Approbation du budget').font);
    expect(run('Résolution').font).not.toBe(run('Budget').font);
    expect(run('Résolution').font).toBe(run('Ordre du jour').font);
  });

  it('keeps French typography intact and replaces what the font cannot draw', () => {
    const text = allText(fr);
    expect(flat(text)).toContain(french);
    // Beyond Latin-1, and the emoji the font lacks turned into '?' rather than an empty box.
    expect(text).toContain('Ça va ? Oui ! Présents : Łukasz Wróblewski, Nguyễn Văn An ?.');
  });

  it('never wraps a line at a no-break space', async () => {
    // pdfjs reads every kind of space back as ' ', so this looks at where lines break instead:
    // the wrap point moves along as the filler grows, across amounts written with a narrow
    // no-break space as thousands separator and guillemets with no-break spaces.
    const paragraphs = Array.from(
      { length: 30 },
      (_, index) =>
        `Budget ${'x'.repeat(index)} : ${'12\u202f345 €, '.repeat(10)}«\u00a0motion\u00a0» ${'suite '.repeat(index % 7)}«\u00a0vote\u00a0».`,
    );
    const { pages } = await extract(
      await markdownToPdf({ ...base, markdown: paragraphs.join('\n\n') }),
    );
    const lines = pages.flatMap((page) => page.lines.map((line) => line.text.trim()));
    const text = lines.join('\n');
    expect(text.match(/12 345/g)).toHaveLength(300);
    expect(text.match(/« motion »/g)).toHaveLength(30);
    expect(text.match(/« vote »/g)).toHaveLength(30);
    // Enough wrapping for the above to mean something.
    expect(lines.length).toBeGreaterThan(60);
  });

  it('numbers every page in the document’s language', async () => {
    const long = Array.from(
      { length: 10 },
      (_, index) => `## Point ${index + 1}\n\n${'Le débat se poursuit. '.repeat(12)}\n`,
    ).join('\n');
    const french = await extract(await markdownToPdf({ ...base, markdown: long }));
    expect(french.pages).toHaveLength(2);
    expect(french.pages[0]?.text).toContain('Page 1 sur 2');
    expect(french.pages[1]?.text).toContain('Page 2 sur 2');
    for (const page of french.pages) expect(page.text).toContain(base.footer);

    const english = await extract(
      await markdownToPdf({ ...base, language: 'en', markdown: long, footer: 'GA — draft' }),
    );
    expect(english.pages[0]?.text).toContain('Page 1 of 2');
    expect(english.pages[0]?.text).toContain('GA — draft');
    expect(allText(english)).not.toContain(' sur ');
  });

  it('sets the title and language and bookmarks the headings', async () => {
    expect(fr.info.Title).toBe(base.title);
    expect(fr.info.Language).toBe('fr');
    expect(fr.outline.map((entry) => entry.title)).toEqual([
      'Procès-verbal de l’assemblée générale',
    ]);
    const agenda = fr.outline[0]?.items;
    expect(agenda?.map((entry) => entry.title)).toEqual(['Ordre du jour']);
    expect(agenda?.[0]?.items.map((entry) => entry.title)).toEqual(['Votes']);

    const english = await extract(await markdownToPdf({ ...base, language: 'en' }));
    expect(english.info.Language).toBe('en');
  });

  it('never renders raw HTML', async () => {
    const markdown = [
      'Avant <b>gras</b> <script>evil()</script> après.',
      '',
      '<script>',
      'alert("pwned")',
      '</script>',
      '',
      '<div onclick="x()">bloc</div>',
      '',
      'Fin &amp; suite &eacute;t&eacute;.',
    ].join('\n');
    const text = allText(await extract(await markdownToPdf({ ...base, markdown })));
    expect(text).toContain('Avant gras');
    expect(text).toContain('après.');
    // Entities are text to decode, unlike tags.
    expect(text).toContain('Fin & suite été.');
    for (const leaked of ['<', 'script', 'evil', 'alert', 'pwned', 'onclick', 'bloc']) {
      expect(text).not.toContain(leaked);
    }
  });

  it('runs a 40-row table over pages without losing or cutting a row', async () => {
    const rows = Array.from(
      { length: 40 },
      (_, index) =>
        `| Ligne ${String(index + 1).padStart(2, '0')} | ${'Motion adoptée. '.repeat(6)} | ${100 + index} |`,
    );
    const markdown = `Avant le tableau.\n\n| Rang | Texte | Voix |\n|---|---|--:|\n${rows.join('\n')}\n`;
    const { pages } = await extract(await markdownToPdf({ ...base, markdown }));
    expect(pages.length).toBeGreaterThan(1);
    for (let index = 0; index < 40; index++) {
      const label = `Ligne ${String(index + 1).padStart(2, '0')}`;
      const holding = pages.filter((page) => page.text.includes(label));
      expect(holding, label).toHaveLength(1);
      // Label and vote count on one page: the row was not split.
      expect(holding[0]?.text).toContain(String(100 + index));
    }
    // The header row is repeated on every page the table reaches.
    for (const page of pages) expect(page.text).toMatch(/Rang\s*Texte\s*Voix/);
  });

  it('splits a table row taller than a page rather than dropping its end', async () => {
    const words = Array.from({ length: 2500 }, (_, index) => `m${index + 1}`).join(' ');
    const markdown = `| Rang | Texte |\n|---|---|\n| Un | ${words} |\n| Deux | fin |\n`;
    const text = allText(await extract(await markdownToPdf({ ...base, markdown })));
    expect(text.match(/\bm\d+\b/g)).toHaveLength(2500);
    expect(text).toContain('m2500');
    expect(text).toContain('Deux');
  });

  // Short sections are kept whole with their heading; after a long one, pdfmake moves the
  // heading itself when it finds it last on a page.
  it.each([
    ['short', 12],
    ['long', 55],
  ])('does not leave a heading alone at the foot of a page (%s sections)', async (_, words) => {
    // Lengths vary so that, laid out naively, several headings would end up last on a page.
    const markdown = Array.from(
      { length: 30 },
      (_, index) => `## Titre ${index}\n\n${'Ligne de texte. '.repeat(words + (index % 4) * 5)}\n`,
    ).join('\n');
    const { pages } = await extract(await markdownToPdf({ ...base, markdown }));
    expect(pages.length).toBeGreaterThan(3);
    // The footer sits in the bottom margin (2 cm, 57 pt): the last line above it is content.
    for (const page of pages.slice(0, -1)) {
      const last = page.lines.filter((line) => line.y > 57).at(-1);
      expect(last?.text).not.toMatch(/^Titre/);
    }
  });

  it('renders an empty document as one blank, numbered page', async () => {
    const { pages } = await extract(await markdownToPdf({ ...base, markdown: '' }));
    expect(pages).toHaveLength(1);
    expect(pages[0]?.text).toContain('Page 1 sur 1');
  });

  it('lays out a twenty-page document quickly', async () => {
    const sentence = 'Le débat se poursuit sur la motion présentée par le bureau. ';
    const section = (index: number) =>
      [
        `## Point ${index + 1} — motion n° ${index + 1}`,
        sentence.repeat(2 + ((index * 7) % 11)),
        index % 3 === 0 ? '- Pour : la majorité\n- Contre : le reste\n- Abstention : aucune' : '',
        `| Vote | Voix |\n|---|--:|\n| Pour | ${10 + index} |\n| Contre | ${index % 5} |`,
        sentence.repeat(1 + (index % 4)),
      ].join('\n\n');
    const markdown = `# Procès-verbal\n\n${Array.from({ length: 60 }, (_, index) => section(index)).join('\n\n')}`;
    await markdownToPdf({ ...base, markdown }); // the first run loads fonts and warms the JIT
    const started = performance.now();
    const pdf = await markdownToPdf({ ...base, markdown });
    const elapsed = performance.now() - started;
    const { pages } = await extract(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(20);
    // About 0.25 s on a developer machine; the bound leaves room for a CI runner busy with
    // other test files, while still catching a layout gone quadratic.
    expect(elapsed).toBeLessThan(2000);
  });
});
