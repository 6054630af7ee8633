/**
 * The colour tokens of app.css meet WCAG AA in both themes: 4.5:1 for each text colour on the
 * backgrounds it is set on, 3:1 for the edges someone must see to operate (fields, focus ring).
 * The values are read from app.css itself, so changing a colour there is checked here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../app.css', import.meta.url), 'utf8');

/** The `--color-*: #rrggbb` declarations of the first `:root { … }` found after `from`. */
function colourTokens(from: number): Map<string, string> {
  const start = css.indexOf(':root {', from);
  const end = css.indexOf('}', start);
  const block = css.slice(start, end);
  return new Map(
    [...block.matchAll(/--color-([a-z0-9-]+):\s*(#[0-9a-f]{6});/gi)].map(([, name, value]) => [
      name!,
      value!.toLowerCase(),
    ]),
  );
}

const light = colourTokens(0);
const darkQuery = css.indexOf('@media (prefers-color-scheme: dark)');
/** The dark theme overrides some tokens; the others keep their light value. */
const dark = new Map([...light, ...colourTokens(darkQuery)]);

function relativeLuminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const channel = parseInt(hex.slice(at, at + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrastRatio(first: string, second: string): number {
  const [lighter, darker] = [relativeLuminance(first), relativeLuminance(second)].sort(
    (a, b) => b - a,
  );
  return (lighter! + 0.05) / (darker! + 0.05);
}

/** [foreground, background] token names, as app.css pairs them. */
const textPairs: [string, string][] = [
  ['text', 'background'],
  ['text', 'surface'],
  ['muted', 'background'],
  ['muted', 'surface'],
  ['primary', 'background'],
  ['primary', 'surface'],
  ['primary-hover', 'background'],
  ['primary-hover', 'surface'],
  ['on-primary', 'primary'],
  ['on-primary', 'primary-hover'],
  ['on-primary', 'success'],
  ['on-primary', 'warning'],
  ['on-primary', 'error'],
  ['on-primary', 'error-hover'],
  ['on-header', 'header'],
  ['on-header', 'header-hover'],
  ['header', 'on-header'],
  ['success', 'background'],
  ['success', 'success-surface'],
  ['text', 'success-surface'],
  ['warning', 'background'],
  ['warning', 'warning-surface'],
  ['text', 'warning-surface'],
  ['primary', 'warning-surface'],
  ['error', 'background'],
  ['error', 'error-surface'],
  ['error-hover', 'error-surface'],
  ['text', 'error-surface'],
  ['primary', 'error-surface'],
  ['info', 'info-surface'],
  ['text', 'info-surface'],
  ['on-focus', 'focus'],
];

const boundaryPairs: [string, string][] = [
  ['border', 'background'],
  ['border', 'surface'],
  ['primary', 'background'],
  ['error', 'background'],
  // The focus ring: a yellow outline inside a ring of the text colour, seen on the page.
  ['text', 'background'],
  ['focus', 'header'],
];

describe.each([
  ['light', light],
  ['dark', dark],
])('the %s theme', (_theme, tokens) => {
  const colour = (name: string) => {
    const value = tokens.get(name);
    if (!value) throw new Error(`app.css declares no --color-${name}`);
    return value;
  };

  it.each(textPairs)('text in %s on %s reaches 4.5:1', (foreground, background) => {
    expect(contrastRatio(colour(foreground), colour(background))).toBeGreaterThanOrEqual(4.5);
  });

  it.each(boundaryPairs)('an edge in %s on %s reaches 3:1', (foreground, background) => {
    expect(contrastRatio(colour(foreground), colour(background))).toBeGreaterThanOrEqual(3);
  });
});

describe('the tokens', () => {
  it('are read from app.css, with a dark theme that changes the surfaces', () => {
    expect(light.size).toBeGreaterThan(20);
    expect(dark.get('background')).not.toBe(light.get('background'));
    expect(css).toMatch(/color-scheme: light dark;/);
  });

  it('compute the known ratios of black and white', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
