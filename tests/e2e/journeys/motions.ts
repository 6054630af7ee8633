/**
 * A member proposes a motion, the first steps of the consent process as the issue tells it. The
 * antenna (two colleges, a secretary and three members) is set up through the API; the journey
 * returns the motion and its people's pages to the consent and notifications journeys.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  adminSession,
  callApi,
  createAntenna,
  heading,
  invitedMember,
  runId,
  type ScenarioKit,
} from '../kit.ts';

export interface Person {
  name: string;
  role: 'member' | 'secretary';
  college: 'Structures' | 'Personnes';
  page?: Page;
}

export interface MotionState {
  assemblyId?: string;
  assemblyName?: string;
  motionId?: string;
  reference?: string;
  people?: Record<'secretary' | 'author' | 'objector' | 'consenter', Person>;
}

/** How the journeys after this one read its state, failing clearly when it was not set up. */
export function motionReader(state: MotionState) {
  return {
    people: () => {
      assert.ok(state.people && state.motionId !== undefined, 'the motion scenario is set up');
      return state.people;
    },
    pageOf: (person: Person) => {
      assert.ok(person.page, `${person.name} has a page`);
      return person.page;
    },
    motionPath: () => `/motions/${state.motionId}`,
  };
}

export function defineMotionJourney(kit: ScenarioKit): MotionState {
  const { test, baseUrl } = kit;
  const state: MotionState = {};
  const { people, pageOf } = motionReader(state);

  test('motions: an antenna with a secretary and three members, set up through the API', async () => {
    const admin = await adminSession(kit);
    state.assemblyName = 'MES Bretagne';
    state.assemblyId = await createAntenna(admin, {
      name: state.assemblyName,
      code: `M${runId}`,
      // Half of the 4 voters make the quorum; 3 supporters would admit without a secretary.
      settings: { quorum: 0.5, supportersToAdmit: 3, maxConsentRounds: 3 },
    });
    const { colleges } = await callApi<{ colleges: { id: string; name: string }[] }>(
      admin,
      'PUT',
      `/api/assemblies/${state.assemblyId}/colleges`,
      {
        colleges: [
          { name: 'Structures', share: 0.5 },
          { name: 'Personnes', share: 0.5 },
        ],
      },
    );

    const cast = {
      secretary: { name: 'Claire Roux', role: 'secretary', college: 'Personnes' },
      author: { name: 'Inès Moreau', role: 'member', college: 'Structures' },
      objector: { name: 'Karim Haddad', role: 'member', college: 'Structures' },
      consenter: { name: 'Nadia Girard', role: 'member', college: 'Personnes' },
    } satisfies Record<string, Person>;
    for (const [key, person] of Object.entries(cast) as [keyof typeof cast, Person][]) {
      const context = await invitedMember(kit, admin, state.assemblyId, {
        name: person.name,
        who: `motion.${key}.${runId}`,
        role: person.role,
        collegeId: colleges.find((college) => college.name === person.college)?.id,
        // The consenter answers without JavaScript: every form must work as plain HTML.
        javaScriptEnabled: key !== 'consenter',
      });
      person.page = await context.newPage();
    }
    state.people = cast;
    state.motionId = '';
    await admin.close();
  });

  test('a member proposes a motion from the assembly page and submits it', async () => {
    const page = pageOf(people().author);
    await page.goto(`/assemblies/${state.assemblyId}`);
    await page.getByRole('link', { name: 'Motions de l’assemblée' }).click();
    await page.waitForURL(`${baseUrl}/assemblies/${state.assemblyId}/motions`);
    assert.equal(await heading(page), `Motions de ${state.assemblyName}`);
    await page.getByText('Aucune motion pour l’instant.').waitFor();
    await page.getByRole('link', { name: 'Proposer une motion' }).click();
    await page.waitForURL(/\/motions\/new$/);

    await page.getByRole('button', { name: 'Déposer la motion' }).click();
    await page.getByRole('alert').getByText('Saisissez un titre de 3 à 200 caractères.').waitFor();
    assert.equal(await page.getByLabel('Titre').getAttribute('aria-invalid'), 'true');

    await page.getByLabel('Titre').fill('Un fonds de solidarité pour les antennes');
    await page
      .getByLabel('Texte', { exact: true })
      .fill(
        'L’assemblée crée un **fonds de solidarité** entre antennes.\n\n' +
          '- Chaque antenne y verse 2 % de ses cotisations.\n- Le fonds aide les antennes en difficulté.',
      );
    await page.getByRole('button', { name: 'Déposer la motion' }).click();
    await page.waitForURL(/\/motions\/[^/]+\?notice=submitted$/);
    state.motionId = /\/motions\/([^/?]+)/.exec(page.url())?.[1];
    await page.getByText('La motion est déposée.').waitFor();
    assert.equal(await heading(page), 'Un fonds de solidarité pour les antennes');
    state.reference = (await page.locator('.motion-reference').innerText()).trim();
    assert.match(state.reference, new RegExp(`^M${runId}-\\d{4}-001$`));
    await page.locator('.motion-header').getByText('déposée', { exact: true }).waitFor();
    await page.locator('.motion-text strong', { hasText: 'fonds de solidarité' }).waitFor();
    await page.getByText(/La motion attend son admission : soutiens 0 sur 3/).waitFor();
  });

  return state;
}
