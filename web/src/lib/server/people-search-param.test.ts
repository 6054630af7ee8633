import { describe, expect, it } from 'vitest';
import type { ApiResult } from '$lib/api/client.ts';
import type { PersonRef } from '$lib/api/people-search.ts';
import { searchedPeopleIn } from './people-search-param.ts';

const ana = { id: 'u1', name: 'Ana Lopez' };

/** A search that answers `result` and remembers what it was asked. */
function searchAnswering(result: ApiResult<PersonRef[]>) {
  const asked: string[] = [];
  const search = async (query: string) => {
    asked.push(query);
    return result;
  };
  return { search, asked };
}

describe('searchedPeopleIn', () => {
  it('searches nothing when the page was not sent a search', async () => {
    const { search, asked } = searchAnswering({ ok: true, data: [ana] });
    const url = new URL('http://cercle.test/elections/e1?notice=saved');
    expect(await searchedPeopleIn(url, 'candidate', search)).toBeNull();
    expect(asked).toEqual([]);
  });

  it('searches what was typed, trimmed and cut to what the API takes, and shows it as typed', async () => {
    const { search, asked } = searchAnswering({ ok: true, data: [ana] });
    const typed = `  ${'a'.repeat(120)} `;
    const url = new URL(`http://cercle.test/motions/m1?coauthor=${encodeURIComponent(typed)}`);
    expect(await searchedPeopleIn(url, 'coauthor', search)).toEqual({
      query: typed,
      people: [ana],
    });
    expect(asked).toEqual(['a'.repeat(100)]);
  });

  it('gives an empty search to the API, and no people when the search fails', async () => {
    const { search, asked } = searchAnswering({
      ok: false,
      status: 503,
      code: 'server.overloaded',
      message: 'Busy',
    });
    const url = new URL('http://cercle.test/meetings/m1?speaker=');
    expect(await searchedPeopleIn(url, 'speaker', search)).toEqual({ query: '', people: null });
    expect(asked).toEqual(['']);
  });
});
