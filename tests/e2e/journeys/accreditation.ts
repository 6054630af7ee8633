/**
 * Accreditation (issue 17), on phones: the meeting's secretary requires it and gives an antenna
 * a quota, the antenna's secretary (not a member of the assembly that sits) designates its
 * delegate, the desk of the antenna's site accredits her with one button, and once the vote
 * opens the delegate votes while an observer checked in with the room's code is told they do
 * not. Assemblies, people, motion and meeting are set up through the API.
 */
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import {
  adminSession,
  assertFitsPhone,
  callApi,
  createAntenna,
  heading,
  invitedMember,
  runId,
  type ScenarioKit,
} from '../kit.ts';
import {
  admittedMotion,
  checkIn,
  currentDecisionItem,
  simpleVote,
  startedMeeting,
} from '../setup.ts';

interface AccreditationState {
  meetingId: string;
  pollId: string;
  hallCode: string;
  secretary: BrowserContext;
  antennaSecretary: BrowserContext;
  delegate: BrowserContext;
  observer: BrowserContext;
  desk: BrowserContext;
}

export function defineAccreditationJourney(kit: ScenarioKit): void {
  const { test } = kit;
  let state: AccreditationState | undefined;
  const ready = () => {
    assert.ok(state, 'the meeting is set up');
    return state;
  };
  /**
   * A page with its scripts settled: a choice made before the page hydrates is put back by
   * hydration (in the full suite on a loaded machine the antenna's choice of delegate was lost).
   */
  const open = async (context: BrowserContext, path: string): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    return page;
  };

  test('accreditation: an assembly of delegates, an antenna with a site and a desk, through the API', async () => {
    const admin = await adminSession(kit);
    const hostId = await createAntenna(admin, {
      name: 'Assemblée des délégués',
      code: `D${runId}`,
    });
    const antennaId = await createAntenna(admin, { name: 'Antenne Nord', code: `O${runId}` });
    const invite = (assemblyId: string, name: string, who: string, role: 'secretary' | 'member') =>
      invitedMember(kit, admin, assemblyId, { name, role, who: `accred.${who}.${runId}` });
    const secretary = await invite(hostId, 'Hélène Roux', 'secretary', 'secretary');
    const antennaSecretary = await invite(antennaId, 'Marc Petit', 'antenna', 'secretary');
    const delegate = await invite(antennaId, 'Inès Garnier', 'delegate', 'member');
    // The delegate votes in the assembly that sits: she is a member of both.
    await callApi(admin, 'POST', `/api/assemblies/${hostId}/members`, {
      email: `accred.delegate.${runId}@example.org`,
      name: 'Inès Garnier',
    });
    const observer = await invite(hostId, 'Paul Lemoine', 'observer', 'member');
    const desk = await invite(hostId, 'Zoé Marin', 'desk', 'member');

    const motionId = await admittedMotion(secretary, hostId, {
      title: 'Un fonds commun des antennes',
      text: 'Les antennes versent au fonds commun.',
    });
    const meeting = await startedMeeting(secretary, hostId, {
      title: 'Assemblée des délégués de juin',
      mode: 'hybrid',
      location: 'Lille',
    });
    const deskId = (await callApi<{ user: { id: string } }>(desk, 'GET', '/api/auth/me')).user.id;
    await callApi(secretary, 'POST', `/api/meetings/${meeting.id}/sites`, {
      name: 'Salle de l’Antenne Nord',
      antennaId,
      secretaryId: deskId,
    });
    await currentDecisionItem(secretary, meeting.id, {
      title: 'Fonds commun',
      motionId,
    });
    const pollId = await simpleVote(secretary, motionId, { meetingId: meeting.id });
    await admin.close();
    state = {
      meetingId: meeting.id,
      pollId,
      hallCode: meeting.code('Lille'),
      secretary,
      antennaSecretary,
      delegate,
      observer,
      desk,
    };
  });

  test('accreditation: the secretary requires accreditation and gives the antenna one seat', async () => {
    const { meetingId, secretary } = ready();
    const page = await open(secretary, `/meetings/${meetingId}/console`);
    await page.getByRole('link', { name: 'Délégué·es et accréditation' }).click();
    await page.waitForURL(`**/meetings/${meetingId}/delegates`);
    assert.equal(await heading(page), 'Délégué·es — Assemblée des délégués de juin');
    await page.getByLabel('Exiger l’accréditation des délégué·es').check();
    await page.getByRole('button', { name: 'Enregistrer le réglage' }).click();
    await page.getByText('Réglage enregistré.').waitFor();
    await page.getByText(/^Cette séance demande l’accréditation/).waitFor();
    await page.getByLabel('Sièges de Antenne Nord').fill('1');
    await page.getByRole('button', { name: 'Enregistrer les quotas' }).click();
    await page.getByText('Quotas enregistrés.').waitFor();
    await page.getByText('0 sur 1 sièges').waitFor();
    await assertFitsPhone(page);
    await page.close();
  });

  test('accreditation: the antenna’s secretary designates its delegate, who is told to get accredited', async () => {
    const { meetingId, antennaSecretary, delegate } = ready();
    const page = await open(antennaSecretary, `/meetings/${meetingId}/delegates`);
    await page.getByLabel('Membre à désigner').selectOption({ label: 'Inès Garnier' });
    await page.getByRole('button', { name: 'Désigner' }).click();
    await page.getByText('Délégué·e désigné·e.').waitFor();
    await page.getByText('Le quota de l’antenne est atteint.').waitFor();
    await assertFitsPhone(page);
    await page.close();

    const mine = await open(delegate, `/meetings/${meetingId}`);
    await mine
      .getByText('Vous êtes désigné·e délégué·e de Antenne Nord : faites-vous accréditer', {
        exact: false,
      })
      .waitFor();
    await mine.close();
  });

  test('accreditation: the desk accredits the delegate with one button; she votes, the observer does not', async () => {
    const { meetingId, pollId, hallCode, secretary, desk, delegate, observer } = ready();
    const deskPage = await open(desk, `/meetings/${meetingId}/delegates`);
    await deskPage.getByRole('button', { name: 'Accréditer Inès Garnier' }).click();
    await deskPage.getByText('Délégué·e accrédité·e et émargé·e.').waitFor();
    await deskPage
      .getByText(/accrédité·e à Salle de l’Antenne Nord par Zoé Marin/)
      .first()
      .waitFor();
    await assertFitsPhone(deskPage);
    await deskPage.close();

    await checkIn([observer], meetingId, hallCode);
    await callApi(secretary, 'POST', `/api/polls/${pollId}/open`);

    const mine = await open(delegate, `/meetings/${meetingId}`);
    await mine.getByText('Vous êtes délégué·e accrédité·e de Antenne Nord : vous votez.').waitFor();
    await mine.getByRole('radio', { name: 'Pour' }).check();
    await mine.getByRole('button', { name: 'Envoyer ma réponse' }).click();
    await mine.getByText('Votre réponse est enregistrée.').waitFor();
    await assertFitsPhone(mine);

    const theirs = await open(observer, `/meetings/${meetingId}`);
    await theirs.getByText('Observateur·rice : vous ne votez pas dans cette séance.').waitFor();
    assert.equal(await theirs.getByRole('button', { name: 'Envoyer ma réponse' }).count(), 0);
    await assertFitsPhone(theirs);
  });
}
