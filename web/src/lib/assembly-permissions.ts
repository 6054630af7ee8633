/** The actions a page may offer on one assembly, computed server-side with `can()`. */
export interface AssemblyPermissions {
  viewMembers: boolean;
  inviteMembers: boolean;
  manageMembers: boolean;
  manageAssembly: boolean;
}
