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

  'form.errorSummaryTitle': 'Il y a un problème',
  'form.errorPrefix': 'Erreur :',

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
  'errors.network': 'Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.',
  'errors.unknown': 'Une erreur inattendue est survenue (code {code}).',

  'assemblyKind.national': 'assemblée nationale',
  'assemblyKind.antenna': 'antenne régionale',
  'assemblyKind.working_group': 'groupe de travail',
  'assemblyKind.congress': 'congrès',
  'role.member': 'membre',
  'role.secretary': 'secrétaire',

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

  'locale.title': 'Langue de l’interface',
  'locale.intro': 'Choisissez la langue dans laquelle Cercle s’affiche.',

  'logout.title': 'Déconnexion',
  'logout.confirm': 'Voulez-vous vous déconnecter de Cercle ?',

  'error.notFoundTitle': 'Page introuvable',
  'error.notFound': 'Cette page n’existe pas. Vérifiez l’adresse.',
  'error.genericTitle': 'Une erreur est survenue',
  'error.generic': 'Une erreur est survenue (code {status}). Réessayez dans un instant.',
  'error.backHome': 'Retour à l’accueil',
} as const;

export type MessageKey = keyof typeof fr;
