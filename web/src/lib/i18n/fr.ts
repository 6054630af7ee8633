/**
 * French messages: the source of truth. Every other locale must provide exactly these keys
 * (see en.ts). Placeholders are written `{name}` and filled by `t(key, params)`.
 */
export const fr = {
  'app.name': 'Cercle',

  'layout.skipLink': 'Aller au contenu principal',
  'layout.home': 'Accueil de Cercle',
  'layout.language': 'Langue',
  'layout.languageFr': 'Français',
  'layout.languageEn': 'English',
  'layout.signOut': 'Se déconnecter',
  'layout.mainNav': 'Navigation principale',
  'layout.movement': 'Le mouvement',
  'layout.admin': 'Administration',

  'form.errorSummaryTitle': 'Il y a un problème',
  'form.errorPrefix': 'Erreur :',

  'common.yes': 'oui',
  'common.no': 'non',
  'common.save': 'Enregistrer',
  'common.cancel': 'Annuler',
  'common.backTo': '← Retour : {name}',
  'common.labelled': '{label} :',
  'common.fieldMessage': '{field} : {message}',

  'count.members.one': '{count} membre',
  'count.members.other': '{count} membres',

  'validation.emailRequired': 'Saisissez votre adresse e-mail.',
  'validation.nameRequired': 'Saisissez votre nom.',
  'validation.passwordRequired': 'Saisissez votre mot de passe.',
  'validation.newPasswordRequired': 'Choisissez un mot de passe.',
  'validation.passwordConfirmationRequired': 'Saisissez le mot de passe une seconde fois.',
  'validation.email': 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
  'validation.passwordTooShort': 'Le mot de passe doit contenir au moins 10 caractères.',
  'validation.passwordTooLong': 'Le mot de passe doit contenir au plus 256 caractères.',
  'validation.passwordMismatch': 'Les deux mots de passe ne sont pas identiques.',
  'validation.nameTooLong': 'Le nom doit contenir au plus 120 caractères.',
  'validation.assemblyName': 'Le nom doit contenir entre 2 et 160 caractères.',
  'validation.assemblyCode':
    'Le code doit contenir de 2 à 12 lettres sans accent ou chiffres et commencer par une lettre, par exemple OCC.',
  'validation.descriptionTooLong': 'La description doit contenir au plus 4 000 caractères.',
  'validation.quorum': 'Saisissez un quorum entre 0 et 100 %.',
  'validation.integerRange': 'Saisissez un nombre entier entre {min} et {max}.',
  'validation.collegeName': 'Collège {number} : saisissez un nom (120 caractères au plus).',
  'validation.collegeShare': 'Collège {number} : saisissez une part entre 0 et 100 %.',
  'validation.organisationTooLong': 'L’organisation doit contenir au plus 160 caractères.',
  'validation.csvRequired': 'Choisissez un fichier CSV ou collez son contenu.',

  'errors.validation.invalid':
    'Certaines informations ne sont pas valides : vérifiez le formulaire.',
  'errors.http.not_found': 'Cette ressource est introuvable.',
  'errors.http.payload_too_large': 'Le contenu envoyé est trop volumineux.',
  'errors.http.unsupported_media_type': 'Ce format de contenu n’est pas pris en charge.',
  'errors.http.method_not_allowed': 'Cette action n’est pas possible à cette adresse.',
  'errors.server.internal': 'Erreur interne du serveur. Réessayez dans un instant.',
  'errors.auth.unauthenticated': 'Vous devez vous connecter pour continuer.',
  'errors.auth.invalid_credentials': 'Adresse e-mail ou mot de passe incorrect.',
  'errors.auth.rate_limited':
    'Trop de tentatives de connexion. Attendez quelques minutes avant de réessayer.',
  'errors.auth.forbidden': 'Vous n’avez pas le droit d’effectuer cette action.',
  'errors.auth.forbidden_origin': 'Demande refusée : elle ne provient pas de ce site.',
  'errors.auth.setup_unavailable':
    'Un compte administrateur existe déjà : la configuration initiale est terminée.',
  'errors.auth.setup_token_invalid':
    'Ce lien de configuration n’est pas valide. Utilisez le lien affiché par le serveur à son premier démarrage.',
  'errors.auth.email_taken': 'Un compte existe déjà avec cette adresse e-mail.',
  'errors.invitations.not_found': 'Cette invitation n’existe pas. Vérifiez le lien reçu.',
  'errors.invitations.expired':
    'Cette invitation a expiré. Demandez-en une nouvelle à la personne qui vous a invité·e.',
  'errors.invitations.already_accepted':
    'Cette invitation a déjà été acceptée. Connectez-vous avec le compte correspondant.',
  'errors.invitations.already_member': 'Vous êtes déjà membre de cette assemblée.',
  'errors.invitations.wrong_account':
    'Cette invitation est adressée à un autre compte. Connectez-vous avec l’adresse invitée.',
  'errors.assemblies.not_found': 'Cette assemblée est introuvable.',
  'errors.assemblies.code_taken': 'Ce code est déjà utilisé par une autre assemblée.',
  'errors.assemblies.invalid_parent':
    'Ce rattachement n’est pas possible : une antenne ou un congrès dépend d’une assemblée nationale, un groupe de travail d’une assemblée nationale ou d’une antenne, et l’assemblée nationale ne dépend de rien.',
  'errors.colleges.not_found': 'Ce collège est introuvable dans cette assemblée.',
  'errors.colleges.shares_not_100':
    'Avec la pondération par collège, les parts des collèges doivent faire 100 % au total.',
  'errors.members.not_found': 'Cette personne n’est pas membre de cette assemblée.',
  'errors.members.import_malformed':
    'Ce fichier n’est pas un CSV lisible : vérifiez la ligne d’en-tête et le séparateur (virgule ou point-virgule).',
  'errors.members.import_has_errors':
    'Certaines lignes comportent des erreurs : rien n’a été importé. Corrigez-les puis prévisualisez à nouveau.',
  'errors.motions.not_found': 'Cette motion est introuvable.',
  'errors.motions.invalid_state': 'Cette action n’est pas possible à ce stade de la motion.',
  'errors.amendments.not_found': 'Cet amendement est introuvable.',
  'errors.amendments.invalid_state': 'Cette action n’est pas possible à ce stade de l’amendement.',
  'errors.amendments.conflict':
    'Cet amendement porte sur une version dépassée de la motion : reprenez-le sur la version en cours.',
  'errors.polls.not_found': 'Ce scrutin est introuvable.',
  'errors.polls.not_open': 'Ce scrutin n’est pas ouvert.',
  'errors.polls.closed': 'Ce scrutin est clos : il n’accepte plus de bulletins.',
  'errors.polls.invalid_state': 'Cette action n’est pas possible à ce stade du scrutin.',
  'errors.polls.amendments_pending':
    'Des amendements à cette motion restent à trancher avant de la mettre aux voix.',
  'errors.polls.objections_open':
    'Des objections sont encore ouvertes : un nouveau tour de consentement attend qu’elles soient traitées.',
  'errors.polls.consent_rounds_exhausted':
    'Le nombre maximal de tours de consentement est atteint : la décision passe au vote de repli.',
  'errors.polls.already_running': 'Un scrutin est déjà en cours sur ce texte.',
  'errors.ballots.not_entitled': 'Vous n’êtes pas inscrit·e parmi les votants de ce scrutin.',
  'errors.ballots.already_cast': 'Ce bulletin a déjà été déposé.',
  'errors.ballots.no_proxy': 'Vous ne détenez pas de pouvoir pour voter au nom de cette personne.',
  'errors.objections.not_found': 'Cette objection est introuvable.',
  'errors.objections.invalid_state': 'Cette objection a déjà été traitée.',
  'errors.network': 'Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.',
  'errors.unknown': 'Une erreur inattendue est survenue (code {code}).',

  'assemblyKind.national': 'assemblée nationale',
  'assemblyKind.antenna': 'antenne régionale',
  'assemblyKind.working_group': 'groupe de travail',
  'assemblyKind.congress': 'congrès',
  'role.member': 'membre',
  'role.secretary': 'secrétaire',
  'voteRule.simple': 'majorité simple (plus de oui que de non)',
  'voteRule.absolute': 'majorité absolue des suffrages exprimés',
  'voteRule.two_thirds': 'majorité des deux tiers (oui + non)',
  'voteRule.members_absolute': 'majorité absolue des membres ayant le droit de vote',
  'minutesVisibility.members': 'membres de l’assemblée',
  'minutesVisibility.public': 'tout le monde (public)',
  'languageName.fr': 'Français',
  'languageName.en': 'English',

  'login.title': 'Connexion',
  'login.intro': 'Connectez-vous pour participer à l’assemblée permanente.',
  'login.email': 'Adresse e-mail',
  'login.password': 'Mot de passe',
  'login.submit': 'Se connecter',
  'login.submitting': 'Connexion en cours…',
  'login.noAccount':
    'Pas encore de compte ? Il se crée à partir de l’invitation envoyée par le secrétariat de votre assemblée.',
  'login.rateLimitedRetryAfter':
    'Trop de tentatives de connexion. Attendez {minutes} min avant de réessayer.',

  'home.title': 'Accueil',
  'home.greeting': 'Bonjour {name}',
  'home.adminBadge': 'Administration nationale',
  'home.membershipsTitle': 'Vos assemblées',
  'home.noMemberships': 'Vous n’êtes encore membre d’aucune assemblée.',
  'home.membershipRole': 'Rôle : {role}',
  'home.exploreTitle': 'Explorer',
  'home.movementLink': 'Le mouvement : toutes les assemblées, antennes et groupes de travail',
  'home.adminLink': 'Administration des assemblées',

  'setup.title': 'Configuration initiale',
  'setup.intro':
    'Créez le premier compte administrateur de cette instance de Cercle. Il pourra ensuite inviter les autres personnes.',
  'setup.name': 'Nom',
  'setup.email': 'Adresse e-mail',
  'setup.password': 'Mot de passe',
  'setup.passwordConfirmation': 'Confirmation du mot de passe',
  'setup.passwordHint': 'Au moins 10 caractères. Une phrase de passe longue est plus sûre.',
  'setup.submit': 'Créer le compte administrateur',
  'setup.notNeeded': 'La configuration initiale est déjà faite : un compte administrateur existe.',
  'setup.missingToken':
    'Ce lien est incomplet. Ouvrez le lien de configuration affiché dans le journal du serveur à son premier démarrage.',
  'setup.goToLogin': 'Aller à la page de connexion',

  'invitation.heading': 'Invitation : {assembly}',
  'invitation.summary': 'Vous êtes invité·e à rejoindre {assembly} ({kind}) en tant que {role}.',
  'invitation.invitedBy': 'Invitation envoyée par {name}.',
  'invitation.expiresAt': 'Invitation valable jusqu’au {date}.',
  'invitation.createAccountTitle': 'Créez votre compte',
  'invitation.email': 'Adresse e-mail',
  'invitation.name': 'Nom',
  'invitation.nameHint': 'Le nom que les autres membres verront.',
  'invitation.password': 'Mot de passe',
  'invitation.passwordHint': 'Au moins 10 caractères. Une phrase de passe longue est plus sûre.',
  'invitation.createAndAccept': 'Créer mon compte et rejoindre l’assemblée',
  'invitation.signedInAsOther':
    'Vous êtes connecté·e en tant que {current}. Créer ce compte vous connectera avec la nouvelle adresse {email}.',
  'invitation.accountExists':
    'Un compte existe déjà pour {email}. Connectez-vous avec ce compte pour accepter l’invitation.',
  'invitation.signInToAccept': 'Se connecter pour accepter',
  'invitation.accept': 'Accepter l’invitation',
  'invitation.wrongAccount':
    'Vous êtes connecté·e en tant que {current}, mais cette invitation est adressée à {email}.',
  'invitation.switchAccount': 'Se déconnecter et changer de compte',
  'invitation.unavailableTitle': 'Invitation indisponible',

  'movement.title': 'Le mouvement',
  'movement.intro':
    'Les assemblées permanentes de la fédération : l’assemblée nationale, les antennes régionales, les groupes de travail et les congrès.',
  'movement.empty': 'Aucune assemblée n’a encore été créée.',
  'movement.nationalTitle': 'Assemblée nationale',
  'movement.antennasTitle': 'Antennes régionales',
  'movement.workingGroupsTitle': 'Groupes de travail',
  'movement.congressTitle': 'Congrès',
  'movement.partOf': 'rattaché à {name}',

  'assembly.codeValue': 'code {code}',
  'assembly.yourRole': 'votre rôle : {role}',
  'assembly.partOf': 'Rattachée à :',
  'assembly.actionsTitle': 'Membres',
  'assembly.membersLink': 'Annuaire des membres',
  'assembly.manageMembersLink': 'Annuaire et gestion des membres',
  'assembly.inviteLink': 'Inviter une personne',
  'assembly.importLink': 'Importer des membres (CSV)',
  'assembly.editLink': 'Modifier l’assemblée et ses collèges',
  'assembly.rulesTitle': 'Règles de décision',
  'assembly.childrenTitle': 'Assemblées rattachées',

  'settings.quorum': 'Quorum',
  'settings.quorumValue': '{percent} des membres ayant le droit de vote',
  'settings.maxProxiesPerHolder': 'Pouvoirs par personne présente (au plus)',
  'settings.maxConsentRounds': 'Tours de consentement avant le vote de repli',
  'settings.fallbackRule': 'Règle du vote de repli',
  'settings.supportersToAdmit': 'Soutiens pour admettre une motion',
  'settings.collegeWeighting': 'Pondération des votes par collège',
  'settings.majorityInEveryCollege': 'Majorité requise dans chaque collège',
  'settings.minutesVisibility': 'Procès-verbaux visibles par',
  'settings.language': 'Langue de l’assemblée',

  'colleges.title': 'Collèges',
  'colleges.none': 'Cette assemblée n’a pas de collèges.',
  'colleges.caption': 'Collèges de {name}',
  'colleges.name': 'Nom du collège',
  'colleges.share': 'Part des voix',
  'colleges.sharePercent': 'Part des voix (%)',
  'colleges.memberCount': 'Membres',
  'colleges.total': 'Total',
  'colleges.totalValue': 'Total des parts : {percent}.',
  'colleges.totalWarning':
    'La pondération par collège est activée : le total doit faire 100 % pour enregistrer.',
  'colleges.weightingOff':
    'La pondération par collège est désactivée : les parts ne comptent pas dans les votes.',
  'colleges.editIntro':
    'Un collège regroupe des membres et porte une part fixe des voix. Laissez une nouvelle ligne vide pour l’ignorer.',
  'colleges.rowLegend': 'Collège {number}',
  'colleges.remove': 'Supprimer ce collège à l’enregistrement',
  'colleges.removeHint': 'Ses membres restent dans l’assemblée, sans collège.',
  'colleges.removeNew': 'Ne pas créer ce collège',
  'colleges.addRow': 'Ajouter un collège',
  'colleges.save': 'Enregistrer les collèges',
  'colleges.savedNotice': 'Les collèges sont enregistrés.',

  'audit.title': 'Journal d’audit',
  'audit.valid.one': 'Journal intact : {count} événement, chaîne d’empreintes vérifiée.',
  'audit.valid.other': 'Journal intact : {count} événements, chaîne d’empreintes vérifiée.',
  'audit.broken':
    'Le journal a été altéré : la chaîne d’empreintes est rompue à l’événement n° {seq}. Prévenez le secrétariat national.',

  'members.title': 'Membres de {name}',
  'members.directory': 'l’annuaire des membres',
  'members.caption': 'Membres de {name}',
  'members.none': 'Cette assemblée n’a pas encore de membres.',
  'members.name': 'Nom',
  'members.email': 'Adresse e-mail',
  'members.organisation': 'Organisation',
  'members.organisationHint': 'La structure que la personne représente, s’il y a lieu.',
  'members.college': 'Collège',
  'members.noCollege': 'Sans collège',
  'members.role': 'Rôle',
  'members.roleHint':
    'Un·e secrétaire anime les séances, l’ordre du jour, les scrutins et les procès-verbaux de cette assemblée.',
  'members.votingRight': 'A le droit de vote',
  'members.votingRightHint': 'Décochez pour un membre observateur, sans voix délibérative.',
  'members.votingRightShort': 'Droit de vote',
  'members.actions': 'Actions',
  'members.edit': 'Modifier',
  'members.remove': 'Retirer',
  'members.notActivated': 'compte non activé',
  'members.addTitle': 'Ajouter un membre',
  'members.addIntro':
    'Une personne sans compte reçoit un lien pour choisir son mot de passe. Une personne qui a déjà un compte rejoint directement l’assemblée.',
  'members.sendInvitation': 'Envoyer le lien d’activation par e-mail',
  'members.sendInvitationHint':
    'Pour une personne sans compte. Décoché, elle est ajoutée sans être prévenue : invitez-la plus tard.',
  'members.alreadyMember': 'Cette personne est déjà membre de cette assemblée.',
  'members.addSubmit': 'Ajouter le membre',
  'members.addedNotice': '{name} est maintenant membre de l’assemblée.',
  'members.addedExistingAccount': 'Cette personne avait déjà un compte : elle peut se connecter.',
  'members.invitationLink': 'Lien d’activation',
  'members.invitationLinkHint': 'À transmettre à la personne si elle ne reçoit pas l’e-mail.',
  'members.updatedNotice': 'Les informations de {name} sont enregistrées.',
  'members.removedNotice': '{name} ne fait plus partie de l’assemblée.',

  'memberEdit.title': 'Modifier : {name}',
  'memberRemove.title': 'Retirer {name}',
  'memberRemove.link': 'Retirer {name} de l’assemblée',
  'memberRemove.question': 'Voulez-vous vraiment retirer {name} de {assembly} ?',
  'memberRemove.consequences':
    'La personne garde son compte et ses autres assemblées ; ses votes passés restent comptés. Elle pourra être ajoutée à nouveau.',
  'memberRemove.self':
    'Il s’agit de votre propre compte : vous n’aurez plus accès à la gestion de cette assemblée.',
  'memberRemove.confirm': 'Oui, retirer de l’assemblée',

  'invite.title': 'Inviter dans {name}',
  'invite.intro':
    'La personne reçoit un lien pour rejoindre l’assemblée ; il est valable quelques jours. Pour ajouter directement une personne avec son nom et son organisation, utilisez l’annuaire des membres.',
  'invite.submit': 'Envoyer l’invitation',
  'invite.sentNotice': 'Invitation créée pour {email}.',
  'invite.deliverySmtp': 'L’e-mail est parti.',
  'invite.deliveryOutbox':
    'Aucun serveur d’e-mail n’est configuré : transmettez vous-même le lien ci-dessous.',
  'invite.deliveryFailed':
    'L’envoi de l’e-mail a échoué : transmettez vous-même le lien ci-dessous.',

  'import.title': 'Importer des membres dans {name}',
  'import.intro':
    'Importez la liste des membres depuis un tableur enregistré au format CSV. Une prévisualisation montre ce qui va changer, ligne par ligne, avant tout enregistrement.',
  'import.columnsTitle': 'Colonnes attendues et exemple',
  'import.columnsIntro':
    'La première ligne donne le nom des colonnes, en français ou en anglais. Séparateur : virgule ou point-virgule.',
  'import.columnEmail': 'Obligatoire. Adresse e-mail de la personne : elle identifie son compte.',
  'import.columnName': 'Obligatoire pour une nouvelle personne. Nom affiché.',
  'import.columnAssembly': 'Facultatif. Code de l’assemblée ; vide : cette assemblée ({code}).',
  'import.columnRole': 'Facultatif. membre ou secrétaire (member, secretary) ; vide : membre.',
  'import.columnCollege': 'Facultatif. Nom exact d’un collège de l’assemblée.',
  'import.columnVotingRight': 'Facultatif. oui ou non (yes, no, 1, 0) ; vide : oui.',
  'import.columnOrganisation': 'Facultatif. La structure que la personne représente.',
  'import.exampleTitle': 'Exemple :',
  'import.file': 'Fichier CSV',
  'import.fileHint':
    'Depuis un tableur : « Enregistrer sous » puis CSV. Le contenu s’affiche dans la zone de texte ci-dessous, modifiable.',
  'import.fileLoaded': 'Fichier « {name} » chargé dans la zone de texte.',
  'import.csv': 'Contenu CSV',
  'import.csvHint': 'Ou collez ici les lignes, la ligne d’en-tête en premier.',
  'import.preview': 'Prévisualiser',
  'import.malformedDetail': 'Détail (en anglais) : {detail}',
  'import.previewTitle': 'Prévisualisation',
  'import.previewOutdated':
    'Le texte a changé depuis la prévisualisation : prévisualisez à nouveau avant d’importer.',
  'import.fixErrors.one':
    '{count} ligne comporte une erreur : corrigez-la dans le fichier ou la zone de texte, puis prévisualisez à nouveau.',
  'import.fixErrors.other':
    '{count} lignes comportent des erreurs : corrigez-les dans le fichier ou la zone de texte, puis prévisualisez à nouveau.',
  'import.sendInvitations': 'Envoyer un lien d’activation aux nouvelles personnes',
  'import.sendInvitationsHint':
    'Chaque personne sans mot de passe reçoit un e-mail pour choisir le sien.',
  'import.submit.one': 'Importer {count} ligne',
  'import.submit.other': 'Importer {count} lignes',
  'import.doneTitle': 'Import terminé',
  'import.seeDirectory': 'Voir l’annuaire des membres',
  'import.tableCaption': 'Résultat ligne par ligne',
  'import.line': 'Ligne',
  'import.lineNumber': 'Ligne {line}',
  'import.assemblyColumn': 'Assemblée',
  'import.result': 'Résultat',
  'import.details': 'Détails',
  'import.newAccount': 'nouveau compte',
  'import.changes': 'Change : {fields}',
  'importAction.add': 'ajout',
  'importAction.update': 'mise à jour',
  'importAction.unchanged': 'inchangé',
  'importAction.error': 'erreur',
  'importSummary.rows.one': '{count} ligne',
  'importSummary.rows.other': '{count} lignes',
  'importSummary.added.one': '{count} ajout',
  'importSummary.added.other': '{count} ajouts',
  'importSummary.updated.one': '{count} mise à jour',
  'importSummary.updated.other': '{count} mises à jour',
  'importSummary.unchanged.one': '{count} inchangée',
  'importSummary.unchanged.other': '{count} inchangées',
  'importSummary.errors.one': '{count} erreur',
  'importSummary.errors.other': '{count} erreurs',
  'importSummary.newAccounts.one': '{count} nouveau compte',
  'importSummary.newAccounts.other': '{count} nouveaux comptes',
  'importSummary.invitationsSent.one': '{count} invitation envoyée',
  'importSummary.invitationsSent.other': '{count} invitations envoyées',

  'admin.title': 'Administration',
  'admin.intro':
    'Le secrétariat national crée les assemblées, règle leurs décisions et leurs collèges, et gère leurs membres.',
  'admin.createAssembly': 'Créer une assemblée',
  'admin.assembliesTitle': 'Assemblées',
  'admin.edit': 'Modifier',
  'admin.members': 'Membres',
  'admin.import': 'Importer',
  'admin.invite': 'Inviter',

  'assemblyNew.title': 'Nouvelle assemblée',
  'assemblyNew.intro':
    'Commencez par l’assemblée nationale, puis ses antennes régionales et ses groupes de travail. Les collèges s’ajoutent ensuite.',
  'assemblyNew.submit': 'Créer l’assemblée',
  'assemblyEdit.title': 'Modifier : {name}',
  'assemblyEdit.settingsTitle': 'L’assemblée',
  'assemblyEdit.createdNotice': 'L’assemblée est créée. Ajoutez-lui des collèges si besoin.',
  'assemblyEdit.savedNotice': 'Les modifications sont enregistrées.',
  'assemblyForm.identityLegend': 'Identité',
  'assemblyForm.kind': 'Type',
  'assemblyForm.name': 'Nom',
  'assemblyForm.code': 'Code',
  'assemblyForm.codeHint':
    'De 2 à 12 lettres ou chiffres, par exemple OCC. Il numérote les motions : OCC-2026-003.',
  'assemblyForm.parent': 'Rattachement',
  'assemblyForm.parentHint':
    'Une antenne ou un congrès dépend de l’assemblée nationale ; un groupe de travail, de l’assemblée nationale ou d’une antenne.',
  'assemblyForm.noParent': 'Aucun (assemblée nationale)',
  'assemblyForm.description': 'Description',
  'assemblyForm.quorum': 'Quorum (%)',
  'assemblyForm.quorumHint':
    'Part des membres ayant le droit de vote qui doivent participer (présents, représentés ou votants), par exemple 25.',
  'assemblyForm.maxProxiesHint':
    'Nombre de pouvoirs qu’une personne présente peut porter, de 0 à 10.',
  'assemblyForm.maxConsentRoundsHint':
    'Après ce nombre de tours sans consentement, un vote décide (de 1 à 10).',
  'assemblyForm.fallbackRuleHint':
    'La majorité appliquée au vote qui suit les tours de consentement.',
  'assemblyForm.supportersToAdmitHint':
    'Une motion déposée qui réunit ce nombre de soutiens est admise sans décision du secrétariat.',
  'assemblyForm.collegeWeightingHint':
    'Chaque collège pèse sa part des voix, quel que soit son nombre de membres. Les parts doivent faire 100 %.',
  'assemblyForm.majorityInEveryCollegeHint':
    'Une décision n’est adoptée que si elle obtient la majorité dans chacun des collèges.',
  'assemblyForm.languageHint': 'Langue des procès-verbaux et des e-mails de l’assemblée.',

  'locale.title': 'Langue de l’interface',
  'locale.intro': 'Choisissez la langue dans laquelle Cercle s’affiche.',

  'logout.title': 'Déconnexion',
  'logout.confirm': 'Voulez-vous vous déconnecter de Cercle ?',

  'error.notFoundTitle': 'Page introuvable',
  'error.notFound': 'Cette page n’existe pas. Vérifiez l’adresse.',
  'error.forbiddenTitle': 'Accès refusé',
  'error.genericTitle': 'Une erreur est survenue',
  'error.generic': 'Une erreur est survenue (code {status}). Réessayez dans un instant.',
  'error.backHome': 'Retour à l’accueil',
} as const;

export type MessageKey = keyof typeof fr;
