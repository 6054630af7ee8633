import {
  assemblyCodeSchema,
  auditVisibilitySchema,
  assemblyKindSchema,
  localeSchema,
  minutesVisibilitySchema,
  timeZoneSchema,
  voteRuleSchema,
  type AssemblyDetail,
  type AssemblySettings,
  type CreateAssemblyBody,
} from '@cercle/shared';
import {
  percentToFraction,
  settingFields,
  toPercentText,
  type AssemblyFormValues,
} from '$lib/assembly-form.ts';
import { present, readChecked, readText, type FormProblem } from '$lib/forms.ts';

type AssemblySource = Pick<
  AssemblyDetail,
  'kind' | 'name' | 'code' | 'description' | 'parentId' | 'settings'
>;

export function assemblyFormValues(source: AssemblySource): AssemblyFormValues {
  const { settings } = source;
  return {
    kind: source.kind,
    name: source.name,
    code: source.code,
    parentId: source.parentId ?? '',
    description: source.description,
    quorum: toPercentText(settings.quorum),
    maxProxiesPerHolder: String(settings.maxProxiesPerHolder),
    maxConsentRounds: String(settings.maxConsentRounds),
    fallbackRule: settings.fallbackRule,
    supportersToAdmit: String(settings.supportersToAdmit),
    collegeWeighting: settings.collegeWeighting,
    majorityInEveryCollege: settings.majorityInEveryCollege,
    minutesSecondApproval: settings.minutesSecondApproval,
    minutesVisibility: settings.minutesVisibility,
    auditVisibility: settings.auditVisibility,
    language: settings.language,
    secretMinimumGroup: String(settings.secretMinimumGroup),
    timeZone: settings.timeZone,
  };
}

/** API fields (`settings.quorum`, `parentId`) → the form's input ids. */
export const assemblyApiFields: Readonly<Record<string, string>> = {
  name: 'name',
  code: 'code',
  parentId: 'parentId',
  description: 'description',
  ...Object.fromEntries(settingFields.map((field) => [`settings.${field}`, field])),
};

export function readAssemblyForm(
  form: FormData,
  fallbackKind: AssemblyFormValues['kind'],
): {
  values: AssemblyFormValues;
  problems: FormProblem[];
  body: Required<Omit<CreateAssemblyBody, 'settings'>> & { settings: AssemblySettings };
} {
  const kind = assemblyKindSchema.safeParse(readText(form, 'kind'));
  const fallbackRule = voteRuleSchema.safeParse(readText(form, 'fallbackRule'));
  const minutesVisibility = minutesVisibilitySchema.safeParse(readText(form, 'minutesVisibility'));
  const auditVisibility = auditVisibilitySchema.safeParse(readText(form, 'auditVisibility'));
  const language = localeSchema.safeParse(readText(form, 'language'));
  const values: AssemblyFormValues = {
    kind: kind.success ? kind.data : fallbackKind,
    name: readText(form, 'name'),
    code: readText(form, 'code').toUpperCase(),
    parentId: readText(form, 'parentId'),
    description: readText(form, 'description'),
    quorum: readText(form, 'quorum'),
    maxProxiesPerHolder: readText(form, 'maxProxiesPerHolder'),
    maxConsentRounds: readText(form, 'maxConsentRounds'),
    fallbackRule: fallbackRule.success ? fallbackRule.data : 'two_thirds',
    supportersToAdmit: readText(form, 'supportersToAdmit'),
    collegeWeighting: readChecked(form, 'collegeWeighting'),
    majorityInEveryCollege: readChecked(form, 'majorityInEveryCollege'),
    minutesSecondApproval: readChecked(form, 'minutesSecondApproval'),
    minutesVisibility: minutesVisibility.success ? minutesVisibility.data : 'members',
    auditVisibility: auditVisibility.success ? auditVisibility.data : 'members',
    language: language.success ? language.data : 'fr',
    secretMinimumGroup: readText(form, 'secretMinimumGroup'),
    timeZone: readText(form, 'timeZone'),
  };

  const quorum = percentToFraction(values.quorum);
  const integers = {
    maxProxiesPerHolder: readInteger(values.maxProxiesPerHolder, 0, 10),
    maxConsentRounds: readInteger(values.maxConsentRounds, 1, 10),
    supportersToAdmit: readInteger(values.supportersToAdmit, 0, 10_000),
    secretMinimumGroup: readInteger(values.secretMinimumGroup, 1, 1_000),
  };

  const problems = present(
    values.name.length < 2 || values.name.length > 160
      ? { field: 'name', key: 'validation.assemblyName' }
      : undefined,
    assemblyCodeSchema.safeParse(values.code).success
      ? undefined
      : { field: 'code', key: 'validation.assemblyCode' },
    values.description.length > 4000
      ? { field: 'description', key: 'validation.descriptionTooLong' }
      : undefined,
    Number.isFinite(quorum) && quorum >= 0 && quorum <= 1
      ? undefined
      : { field: 'quorum', key: 'validation.quorum' },
    timeZoneSchema.safeParse(values.timeZone).success
      ? undefined
      : { field: 'timeZone', key: 'validation.timeZone' },
    ...Object.entries(integers).map(([field, check]) =>
      check.ok
        ? undefined
        : { field, key: 'validation.integerRange' as const, params: check.range },
    ),
  );

  return {
    values,
    problems,
    body: {
      kind: values.kind,
      name: values.name,
      code: values.code,
      description: values.description,
      parentId: values.parentId || null,
      settings: {
        quorum,
        maxProxiesPerHolder: integers.maxProxiesPerHolder.value,
        maxConsentRounds: integers.maxConsentRounds.value,
        fallbackRule: values.fallbackRule,
        supportersToAdmit: integers.supportersToAdmit.value,
        collegeWeighting: values.collegeWeighting,
        majorityInEveryCollege: values.majorityInEveryCollege,
        minutesSecondApproval: values.minutesSecondApproval,
        minutesVisibility: values.minutesVisibility,
        auditVisibility: values.auditVisibility,
        language: values.language,
        secretMinimumGroup: integers.secretMinimumGroup.value,
        timeZone: values.timeZone,
      },
    },
  };
}

function readInteger(text: string, min: number, max: number) {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return { ok: value >= min && value <= max, value, range: { min, max } };
}
