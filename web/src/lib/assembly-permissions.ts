/** The actions a page may offer on one assembly, computed server-side with `can()`. */
export interface AssemblyPermissions {
  viewMembers: boolean;
  inviteMembers: boolean;
  manageMembers: boolean;
  manageAssembly: boolean;
  viewMotions: boolean;
  submitMotions: boolean;
}

/** The actions a motion page may offer in the motion's assembly; the API decides in the end. */
export interface MotionPermissions {
  /** Propose motions and amendments. */
  submit: boolean;
  support: boolean;
  comment: boolean;
  /** Admit, refer, edit until the decision (secretaries). */
  admit: boolean;
  /** Prepare, open and close polls; rule on objections (secretaries). */
  runPolls: boolean;
  /** Holds the voting right; whether a given poll counts this person is `poll.me.entitled`. */
  vote: boolean;
}
