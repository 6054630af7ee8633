/// <reference types="@sveltejs/adapter-node" />
import type { CurrentUser, Locale } from '@cercle/shared';

declare global {
  namespace App {
    interface Error {
      message: string;
      /** An API error code, translated by +error.svelte. */
      code?: string;
    }
    interface Locals {
      user: CurrentUser | null;
      locale: Locale;
    }
    interface PageData {
      user: CurrentUser | null;
      locale: Locale;
      /** Pages with wide tables (directories, import previews) use the whole screen width. */
      wide?: boolean;
      /** The meeting projector: no header or navigation, large type. */
      projector?: boolean;
      /** The IANA zone of the assembly the page is about: its dates are shown in it. */
      timeZone?: string;
    }
  }
}

export {};
