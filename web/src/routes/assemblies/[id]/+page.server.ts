import { getAssembly, listAssemblies, verifyAuditTrail } from '$lib/api/assemblies.ts';
import { listMeetings } from '$lib/api/meetings.ts';
import { listAssemblyMinutes } from '$lib/api/minutes.ts';
import { allows, assemblyPermissions, requireUser, unwrap } from '$lib/server/guards.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { fetch, params } = event;
  const [assembly, all, meetings, minutes] = await Promise.all([
    getAssembly(fetch, params.id).then((result) => unwrap(result, event)),
    listAssemblies(fetch).then((result) => unwrap(result, event)),
    // The page stays useful if the meetings cannot be read.
    listMeetings(fetch, params.id).then((result) => (result.ok ? result.data : [])),
    // Null when the reader may not see them: the page then leaves the list out.
    listAssemblyMinutes(fetch, params.id).then((result) => (result.ok ? result.data : null)),
  ]);
  const permissions = assemblyPermissions(user, assembly.id);
  const readsAuditTrail = allows(user, 'audit.read', {
    assemblyId: assembly.id,
    auditVisibility: assembly.settings.auditVisibility,
  });

  const parent = all.find((candidate) => candidate.id === assembly.parentId);
  const children = all
    .filter((candidate) => candidate.parentId === assembly.id)
    .map(({ id, name, kind, memberCount }) => ({ id, name, kind, memberCount }));

  // The audit check is a convenience for those who run the assembly; the page works without it.
  // A check reads the whole chain: one a minute old at most serves every view (the audit page
  // checks now).
  let audit = null;
  if (permissions.manageMembers) {
    const result = await verifyAuditTrail(fetch, assembly.id, { maxAgeSeconds: 60 });
    if (result.ok) audit = result.data;
  }

  return {
    // Two columns from 1024 px: its motions, meetings and members beside its rules.
    wide: true,
    assembly,
    timeZone: assembly.settings.timeZone,
    parent: parent ? { id: parent.id, name: parent.name } : null,
    children,
    permissions,
    runMeetings: allows(user, 'meeting.run', { assemblyId: assembly.id }),
    meetings: meetings.toSorted((a, b) => b.startsAt.localeCompare(a.startsAt)),
    minutes,
    audit,
    // Members may read the trail and download it to check it themselves, unless the assembly
    // keeps it to its secretaries.
    auditTrail: readsAuditTrail,
    auditDownload: readsAuditTrail
      ? `/api/assemblies/${encodeURIComponent(assembly.id)}/audit/export.jsonl`
      : null,
  };
};
