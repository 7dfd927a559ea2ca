/** What live collections are keyed by and tell their subscribers (liveCollections.ts, collectionResume.ts). */

export interface CollectionFilter {
  field: string;
  value: string;
}

/** Sent to a collection's subscribers when a member's filter value changed away from theirs. */
export interface MemberRemovedFrame {
  type: 'memberRemoved';
  projection: string;
  key: string;
  version: number;
  filter: string;
  updatedAt?: string;
}
