import { memoryFr } from './memory.fr.ts';

/**
 * French texts of what the server writes itself: the minutes draft, the congress's adopted texts,
 * their PDF pages and footers, and the mails. The source of truth: en.ts must have exactly these
 * keys. Placeholders are written `{name}` and filled by `message(locale, key, params)`.
 */
export const fr = {
  // French sets a no-break space before a colon and uses guillemets.
  'typography.colon': '\u00a0:',
  'typography.quoted': '«\u00a0{text}\u00a0»',

  'choice.yes': 'Pour',
  'choice.no': 'Contre',
  'choice.abstain': 'Abstention',
  'choice.consent': 'Consentement',
  'choice.concern': 'Réserve',
  'choice.objection': 'Objection',
  'choice.stand_aside': 'En retrait',

  'meetingMode.in_person': 'en présentiel',
  'meetingMode.online': 'en ligne',
  'meetingMode.hybrid': 'hybride',

  'agendaItemKind.information': 'information',
  'agendaItemKind.debate': 'débat',
  'agendaItemKind.decision': 'décision',
  'agendaItemKind.election': 'élection',

  'pollKind.vote': 'Vote',
  'pollKind.consent': 'Décision par consentement',

  'voteRule.simple': 'majorité simple',
  'voteRule.absolute': 'majorité absolue des suffrages',
  'voteRule.two_thirds': 'majorité des deux tiers',
  'voteRule.members_absolute': 'majorité absolue des membres',

  'outcome.adopted': 'adoptée',
  'outcome.rejected': 'rejetée',
  'outcome.objected': 'objection non levée',
  'outcome.no_quorum': 'quorum non atteint',

  'objectionStatus.open': 'non résolue',
  'objectionStatus.integrated': 'intégrée',
  'objectionStatus.withdrawn': 'retirée',
  'objectionStatus.ruled_out': 'écartée',

  'mandate.for': 'pour',
  'mandate.against': 'contre',
  'mandate.amend': 'amender',
  'mandate.free': 'libre',

  'compositeResponse.accepted': 'acceptée par son auteur·ice',
  'compositeResponse.objected': 'objection de son auteur·ice',
  'compositeResponse.pending': 'sans réponse de son auteur·ice',

  // The minutes: their draft, and the title and footer of their PDF.
  'minutes.title': 'Procès-verbal',
  'minutes.assembly': 'Assemblée',
  'calendar.when': 'Heure de l’assemblée : {when}',
  'minutes.date': 'Date',
  'minutes.from': 'de',
  'minutes.to': 'à',
  'minutes.mode': 'Mode',
  'minutes.sites': 'Sites',
  'minutes.attendance': 'Présences',
  'minutes.site': 'Site',
  'minutes.college': 'Collège',
  'minutes.noCollege': 'Sans collège',
  'minutes.present': 'Présents',
  'minutes.represented': 'Représentés',
  'minutes.total': 'Total',
  'minutes.nobody': 'Personne ne s’est inscrit à la séance.',
  'minutes.whoWasThere': 'Liste des présents',
  'minutes.leftAt': 'parti(e) à',
  'minutes.proxies': 'Pouvoirs',
  'minutes.gaveProxy': 'a donné pouvoir à',
  'minutes.revoked': 'révoqué',
  'minutes.voidPresent': 'caduc : présent(e) en personne',
  'minutes.noProxies': 'Aucun pouvoir.',
  'minutes.agenda': 'Ordre du jour',
  'minutes.planned': 'Prévu',
  'minutes.spent': 'Durée effective',
  'minutes.minutes': 'min',
  'minutes.linkedMotion': 'Motion liée',
  'minutes.notes': 'Notes du secrétariat',
  'minutes.decisions': 'Décisions',
  'minutes.noDecisions': 'Aucun vote ni consentement pendant la séance.',
  'minutes.amendmentTo': 'Amendement',
  'minutes.secret': 'au scrutin secret',
  'minutes.open': 'au scrutin public',
  'minutes.opened': 'ouvert à',
  'minutes.closed': 'clos à',
  'minutes.notClosed': 'Ce scrutin n’a pas été clos pendant la séance.',
  'minutes.outcome': 'Résultat',
  'minutes.byCollege': 'Par collège',
  'minutes.speakers': 'Intervenants',
  'minutes.pointOfOrder': 'motion d’ordre',
  'minutes.speakingTime': 'Temps de parole',
  'minutes.turns': 'Interventions',
  'minutes.time': 'Durée',
  'minutes.speaker': 'Intervenant·e',
  'minutes.noSite': 'Sans site',
  'minutes.elections': 'Élections',
  'minutes.electionRound': 'Tour {round}',
  'minutes.electionNotClosed': 'Ce tour n’a pas été clos pendant la séance.',
  'minutes.candidate': 'Candidature',
  'minutes.votes': 'Voix',
  'minutes.share': 'Part',
  'minutes.majorityGrade': 'Mention majoritaire',
  'minutes.rank': 'Rang',
  'minutes.bySite': 'Par site',
  'minutes.howDecided': 'Décision',
  'minutes.otherColleges': 'Autres collèges regroupés ({groups})',
  'minutes.otherSites': 'Autres sites regroupés ({groups})',
  'minutes.merged':
    'Scrutin secret : les groupes de moins de {minimum} réponses sont regroupés pour que personne ne soit reconnaissable.',
  'minutes.objections': 'Objections',
  'minutes.inVersion': 'version',
  'minutes.adoptedText': 'Texte adopté',
  'minutes.attachments': 'Pièces jointes',
  'minutes.meetingAttachments': 'De la séance',
  'minutes.minutesAttachments': 'Du procès-verbal',
  'minutes.motionAttachments': 'Pièces jointes de la motion',
  'minutes.generated':
    'Projet établi automatiquement à partir du registre de la séance, à relire avant approbation.',
  'minutes.footerHash': 'empreinte {hash}',
  'minutes.footerDraft': 'projet',

  // My data (GDPR export): the printable page.
  'myData.documentTitle': 'Mes données dans Cercle — {name}',
  'myData.documentIntro':
    'Tout ce que Cercle conserve à votre sujet, exporté le {date}. Le même contenu existe au format JSON.',
  'myData.profile': 'Profil',
  'myData.name': 'Nom',
  'myData.email': 'Adresse électronique',
  'myData.locale': 'Langue',
  'myData.created': 'Compte créé',
  'myData.admin': 'Administrateur·rice',
  'myData.digestOptOut': 'Récapitulatif quotidien désactivé',
  'myData.lastDigest': 'Dernier récapitulatif',
  'myData.calendarFeed': 'Adresse d’agenda créée',
  'myData.sessions': 'Sessions ouvertes',
  'myData.sessionsExpire': 'Dernière expiration',
  'myData.invitationsSent': 'Invitations envoyées',
  'myData.memberships': 'Adhésions',
  'myData.motionsAuthored': 'Motions déposées',
  'myData.motionsCoauthored': 'Motions cosignées',
  'myData.versions': 'Versions écrites',
  'myData.amendments': 'Amendements',
  'myData.comments': 'Commentaires',
  'myData.supports': 'Soutiens',
  'myData.objections': 'Objections',
  'myData.ballots': 'Bulletins (scrutins publics)',
  'myData.participations': 'Participations (sans le choix pour les scrutins secrets)',
  'myData.proxiesGiven': 'Pouvoirs donnés',
  'myData.proxiesCarried': 'Pouvoirs portés',
  'myData.attendance': 'Émargements',
  'myData.speakerRequests': 'Demandes de parole',
  'myData.delegates': 'Délégations',
  'myData.candidacies': 'Candidatures',
  'myData.electionBallots': 'Bulletins d’élection (élections publiques)',
  'myData.notifications': 'Notifications',
  'myData.invitations': 'Invitations reçues',
  'myData.attachments': 'Fichiers joints',
  'myData.events': 'Actions au journal d’audit',
  'myData.none': 'Rien.',
  'myData.assembly': 'Assemblée',
  'myData.role': 'Rôle',
  'myData.college': 'Collège',
  'myData.votingRight': 'Droit de vote',
  'myData.organisation': 'Organisation',
  'myData.since': 'Depuis',
  'myData.reference': 'Numéro',
  'myData.title': 'Titre',
  'myData.status': 'État',
  'myData.date': 'Date',
  'myData.version': 'Version',
  'myData.text': 'Texte',
  'myData.motion': 'Motion',
  'myData.reason': 'Motif',
  'myData.resolution': 'Décision',
  'myData.choice': 'Choix',
  'myData.subject': 'Objet',
  'myData.secret': 'Secret',
  'myData.byProxy': 'Par pouvoir',
  'myData.meeting': 'Séance',
  'myData.person': 'Personne',
  'myData.ended': 'Fin',
  'myData.site': 'Lieu',
  'myData.read': 'Lue',
  'myData.accepted': 'Acceptée',
  'myData.eventType': 'Type',
  'myData.yes': 'oui',
  'myData.no': 'non',

  // The congress's adopted texts, and the title of their PDF.
  'congress.title': 'Textes adoptés',
  'congress.attachments': 'Pièces jointes',
  'congress.none': 'Aucun texte n’a encore été adopté.',
  'congress.forwarded': 'Transmise par',
  'congress.adoptedThere': 'qui l’avait adoptée',
  'congress.composite': 'Motion de synthèse issue de',
  'congress.mandates': 'Mandats des antennes',
  'congress.trail':
    'Journal d’audit du congrès à cet export (n° du dernier événement : début de son empreinte)',
  'congress.result': 'Résultat',

  // The register of decisions and the audit trail in words.
  ...memoryFr,

  // Every PDF: the audit trail's head in the footer, the page number beside it.
  'pdf.trailHead': 'journal {head}',
  'pdf.page': 'Page {page} sur {count}',

  'mail.invitation.subject': 'Invitation à rejoindre {assembly} sur Cercle',
  'mail.invitation.secretariat': 'Le secrétariat',
  'mail.invitation.text': `Bonjour,

{inviter} vous invite à rejoindre « {assembly} » sur Cercle,
l'outil de l'assemblée générale permanente.

Pour accepter, ouvrez ce lien :
{link}

Ce lien est valable jusqu'au {expires}.
Si vous n'attendiez pas cette invitation, ignorez ce message.`,

  'mail.digest.subject.one': 'Cercle : {count} nouveauté dans vos assemblées',
  'mail.digest.subject.other': 'Cercle : {count} nouveautés dans vos assemblées',
  'mail.digest.text': `Bonjour {name},

Voici ce qui s’est passé dans vos assemblées :

{lines}

Pour ne plus recevoir ce récapitulatif quotidien : {settingsLink}`,
  'mail.digest.line': `- {label} : {title}
  {link}`,
  'notification.motion.submitted': 'Nouvelle motion',
  'notification.poll.opened': 'Vote ouvert',
  'notification.poll.closing_soon': 'Se termine dans moins de 24 h, sans votre réponse',
  'notification.poll.closed': 'Résultat',
  'notification.election.call_opened': 'Appel à candidatures',
  'notification.election.round_opened': 'Élection : vote ouvert',
  'notification.election.closing_soon':
    'Élection : se termine dans moins de 24 h, sans votre bulletin',
  'notification.election.decided': 'Résultat de l’élection',
  'notification.meeting.cancelled': 'Séance annulée',
  'notification.motion.coauthor_invited': 'On vous invite à cosigner une motion',
  'notification.congress.composite_to_answer':
    'Votre motion a été fusionnée dans une synthèse : acceptez-la ou objectez',
  'notification.minutes.published': 'Procès-verbal publié',
  'notification.congress.phase_opened': 'Congrès : une nouvelle étape s’ouvre',
  'notification.congress.deadline_soon': 'Congrès : l’étape en cours se termine dans 72 h',

  'mail.passwordReset.subject': 'Cercle : choisir un nouveau mot de passe',
  'mail.passwordReset.text': `Bonjour {name},

Un nouveau mot de passe a été demandé pour votre compte Cercle.
Pour le choisir, ouvrez ce lien dans l’heure qui vient :
{link}

Le lien ne sert qu’une fois. Le nouveau mot de passe ferme toutes vos sessions ouvertes.
Si vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.`,
} as const;

export type MessageKey = keyof typeof fr;
