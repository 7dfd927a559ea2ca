/**
 * The frames a view change is pushed as: the whole view, a JSON Patch from the version before, or
 * "changed, fetch it" when even the smaller of the two would pass the frame limit. Built once per
 * change and shared by its subscribers.
 */
import { jsonPatch, type PatchOperation } from '#core/jsonPatch';
import { byteLength } from './limits';
import type { ViewChange } from './viewChanges';

export interface ViewFrame {
  type: 'view';
  projection: string;
  key: string;
  version: number;
  data: unknown;
  /** When the view was written: a collection's subscriber resumes from the newest it has seen. */
  updatedAt?: string;
}

export interface ViewChangedFrame {
  type: 'viewChanged';
  projection: string;
  key: string;
  version: number;
  updatedAt?: string;
}

/** `patch` turns the view at `baseVersion` into the view at `version` (RFC 6902). */
export interface ViewPatchFrame {
  type: 'viewPatch';
  projection: string;
  key: string;
  baseVersion: number;
  version: number;
  patch: PatchOperation[];
  updatedAt?: string;
}

export type PushFrame = ViewFrame | ViewChangedFrame | ViewPatchFrame;

/** The serialized frames of one change: for every subscriber, and for those that take patches. */
export interface PushPayloads {
  whole: string;
  patched: string;
}

/** The whole view, or `viewChanged` when its frame would pass `maxBytes`. */
export const wholeFrameOf = (change: Omit<ViewChange, 'context'>, maxBytes: number): ViewFrame | ViewChangedFrame => {
  const { projection, key, version, data } = change;
  const at = change.updatedAt === undefined ? {} : { updatedAt: change.updatedAt };
  const frame: ViewFrame = { type: 'view', projection, key, version, data, ...at };
  if (byteLength(frame) <= maxBytes) return frame;
  return { type: 'viewChanged', projection, key, version, ...at };
};

/**
 * Both payloads of a change. The patch frame is chosen only when it is smaller than the whole
 * view's frame (a patch rewriting most of a view is no saving, and the whole view needs no base),
 * and fits the limit; otherwise patch-takers get what everyone gets.
 */
export const pushPayloadsOf = (
  change: Omit<ViewChange, 'context'>,
  maxBytes: number,
  /** Whether a subscriber takes patches: if none does, no patch is computed. */
  withPatch = true,
): PushPayloads => {
  const { projection, key, version, data, previous, updatedAt } = change;
  const view = JSON.stringify({ type: 'view', projection, key, version, data, updatedAt } satisfies ViewFrame);
  const viewBytes = byteLength(view);
  const whole =
    viewBytes <= maxBytes
      ? view
      : JSON.stringify({ type: 'viewChanged', projection, key, version, updatedAt } satisfies ViewChangedFrame);
  if (!withPatch || !previous || previous.version >= version) return { whole, patched: whole };
  const patch = jsonPatch(previous.data, data);
  if (!patch) return { whole, patched: whole };
  const baseVersion = previous.version;
  const frame: ViewPatchFrame = { type: 'viewPatch', projection, key, baseVersion, version, patch, updatedAt };
  const patched = JSON.stringify(frame);
  const patchBytes = byteLength(patched);
  return { whole, patched: patchBytes < viewBytes && patchBytes <= maxBytes ? patched : whole };
};
