/**
 * A page with its own catalogue (the participant live view) leaves the API's refusals out and
 * fetches them when it needs one (messages.ts). These tests load the module afresh each time,
 * as a browser tab does: a catalogue already loaded would hide what a phone sees.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fr } from './fr.ts';

type Messages = typeof import('./messages.ts');
let messages: Messages;

beforeEach(async () => {
  vi.resetModules();
  messages = await import('./messages.ts');
  await messages.loadCatalogue('fr', 'participant');
});

/** Until the messages a text asked for have arrived (dynamic imports take their time). */
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 20 });

describe('the refusals on a page with its own catalogue', () => {
  it('are not loaded with the page, but the words for no network are', () => {
    expect(messages.translate('fr', 'errors.network')).toBe(fr['errors.network']);
    // Asking for a refusal starts fetching them; meanwhile the key is all there is.
    expect(messages.translate('fr', 'errors.ballots.not_entitled')).toBe(
      'errors.ballots.not_entitled',
    );
  });

  it('arrive when a text asks for one, and that text then reads them', async () => {
    messages.translate('fr', 'errors.ballots.not_entitled');
    await eventually(() =>
      expect(messages.translate('fr', 'errors.ballots.not_entitled')).toBe(
        fr['errors.ballots.not_entitled'],
      ),
    );
    // Only the refusals came: the page did not fetch the whole catalogue for them.
    expect(messages.translate('fr', 'congress.navLabel')).toBe('congress.navLabel');
  });

  it('are named by their code before they arrive, and an unknown code is said as such after', async () => {
    // Before: the code's key, which the text asking for it fetches (not « unknown error »).
    expect(messages.errorMessageKey('ballots.not_entitled')).toBe('errors.ballots.not_entitled');
    await messages.loadErrorMessages('fr');
    expect(messages.errorMessageKey('ballots.not_entitled')).toBe('errors.ballots.not_entitled');
    expect(messages.errorMessageKey('no.such_code')).toBe('errors.unknown');
    expect(messages.translate('fr', 'errors.unknown', { code: 'no.such_code' })).toContain(
      'no.such_code',
    );
  });

  it('a message the page’s catalogue missed brings the whole catalogue, not a raw key for good', async () => {
    const key = 'congress.navLabel';
    expect(fr[key]).toBeDefined();
    expect(messages.translate('fr', key)).toBe(key);
    await eventually(() => expect(messages.translate('fr', key)).toBe(fr[key]));
  });
});
