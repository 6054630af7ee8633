import type { MessageKey } from './fr.ts';

/** English messages. Typed against the French keys: a missing or extra key fails the type check. */
export const en: Record<MessageKey, string> = {
  'app.name': 'Cercle',

  'layout.skipLink': 'Skip to main content',
  'layout.home': 'Cercle home',
  'layout.language': 'Language',
  'layout.languageFr': 'Français',
  'layout.languageEn': 'English',
  'layout.signOut': 'Sign out',

  'form.errorSummaryTitle': 'There is a problem',
  'form.errorPrefix': 'Error:',

  'validation.emailRequired': 'Enter your email address.',
  'validation.nameRequired': 'Enter your name.',
  'validation.passwordRequired': 'Enter your password.',
  'validation.newPasswordRequired': 'Choose a password.',
  'validation.passwordConfirmationRequired': 'Enter the password a second time.',
  'validation.email': 'Enter a valid email address, for example name@example.org.',
  'validation.passwordTooShort': 'The password must be at least 10 characters long.',
  'validation.passwordTooLong': 'The password must be at most 256 characters long.',
  'validation.passwordMismatch': 'The two passwords do not match.',
  'validation.nameTooLong': 'The name must be at most 120 characters long.',

  'errors.validation.invalid': 'Some of the information is not valid: please check the form.',
  'errors.http.not_found': 'This resource could not be found.',
  'errors.http.payload_too_large': 'What you sent is too large.',
  'errors.http.unsupported_media_type': 'This content format is not supported.',
  'errors.http.method_not_allowed': 'This action is not possible at this address.',
  'errors.server.internal': 'Internal server error. Please try again in a moment.',
  'errors.auth.unauthenticated': 'You need to sign in to continue.',
  'errors.auth.invalid_credentials': 'Incorrect email address or password.',
  'errors.auth.rate_limited': 'Too many sign-in attempts. Wait a few minutes before trying again.',
  'errors.auth.forbidden': 'You are not allowed to do this.',
  'errors.auth.forbidden_origin': 'Request refused: it does not come from this site.',
  'errors.auth.setup_unavailable':
    'An administrator account already exists: the initial setup is complete.',
  'errors.auth.setup_token_invalid':
    'This setup link is not valid. Use the link the server printed when it first started.',
  'errors.auth.email_taken': 'An account already exists with this email address.',
  'errors.invitations.not_found': 'This invitation does not exist. Check the link you received.',
  'errors.invitations.expired':
    'This invitation has expired. Ask the person who invited you for a new one.',
  'errors.invitations.already_accepted':
    'This invitation has already been accepted. Sign in with the matching account.',
  'errors.invitations.already_member': 'You are already a member of this assembly.',
  'errors.invitations.wrong_account':
    'This invitation is addressed to another account. Sign in with the invited address.',
  'errors.assemblies.not_found': 'This assembly could not be found.',
  'errors.network': 'The server is not responding. Check your connection and try again.',
  'errors.unknown': 'An unexpected error occurred (code {code}).',

  'assemblyKind.national': 'national assembly',
  'assemblyKind.antenna': 'regional antenna',
  'assemblyKind.working_group': 'working group',
  'assemblyKind.congress': 'congress',
  'role.member': 'member',
  'role.secretary': 'secretary',

  'login.title': 'Sign in',
  'login.intro': 'Sign in to take part in the permanent assembly.',
  'login.email': 'Email address',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.noAccount':
    'No account yet? Accounts are created from the invitation sent by your assembly’s secretariat.',
  'login.rateLimitedRetryAfter':
    'Too many sign-in attempts. Wait {minutes} min before trying again.',

  'home.title': 'Home',
  'home.greeting': 'Hello {name}',
  'home.adminBadge': 'National administration',
  'home.membershipsTitle': 'Your assemblies',
  'home.noMemberships': 'You are not a member of any assembly yet.',
  'home.membershipRole': 'Role: {role}',

  'setup.title': 'Initial setup',
  'setup.intro':
    'Create the first administrator account of this Cercle instance. It can then invite everyone else.',
  'setup.name': 'Name',
  'setup.email': 'Email address',
  'setup.password': 'Password',
  'setup.passwordConfirmation': 'Confirm password',
  'setup.passwordHint': 'At least 10 characters. A long passphrase is safer.',
  'setup.submit': 'Create the administrator account',
  'setup.notNeeded': 'The initial setup is already done: an administrator account exists.',
  'setup.missingToken':
    'This link is incomplete. Open the setup link printed in the server log when it first started.',
  'setup.goToLogin': 'Go to the sign-in page',

  'invitation.heading': 'Invitation: {assembly}',
  'invitation.summary': 'You are invited to join {assembly} ({kind}) as {role}.',
  'invitation.invitedBy': 'Invitation sent by {name}.',
  'invitation.expiresAt': 'This invitation is valid until {date}.',
  'invitation.createAccountTitle': 'Create your account',
  'invitation.email': 'Email address',
  'invitation.name': 'Name',
  'invitation.nameHint': 'The name other members will see.',
  'invitation.password': 'Password',
  'invitation.passwordHint': 'At least 10 characters. A long passphrase is safer.',
  'invitation.createAndAccept': 'Create my account and join',
  'invitation.signedInAsOther':
    'You are signed in as {current}. Creating this account will sign you in with the new address {email}.',
  'invitation.accountExists':
    'An account already exists for {email}. Sign in with that account to accept the invitation.',
  'invitation.signInToAccept': 'Sign in to accept',
  'invitation.accept': 'Accept the invitation',
  'invitation.wrongAccount':
    'You are signed in as {current}, but this invitation is addressed to {email}.',
  'invitation.switchAccount': 'Sign out and switch account',
  'invitation.unavailableTitle': 'Invitation unavailable',

  'locale.title': 'Interface language',
  'locale.intro': 'Choose the language Cercle is displayed in.',

  'logout.title': 'Sign out',
  'logout.confirm': 'Do you want to sign out of Cercle?',

  'error.notFoundTitle': 'Page not found',
  'error.notFound': 'This page does not exist. Check the address.',
  'error.genericTitle': 'Something went wrong',
  'error.generic': 'Something went wrong (code {status}). Please try again in a moment.',
  'error.backHome': 'Back to the home page',
};
