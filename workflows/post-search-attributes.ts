import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import { patched, upsertSearchAttributes } from '@temporalio/workflow';
import type { PostView } from '../domain/lifecycle/post-view';
import { postDomain } from './post-domain';

const { toInstant } = postDomain();

/**
 * The custom search attributes that let operators find posts in the Temporal UI and with
 * visibility queries (`PostStatus="in_training" AND Department="971"`). Defined once: the
 * workflow upserts them, the worker checks at start that the namespace has them, `npm start` and
 * the tests register them on the servers they start, and the README lists them.
 */
export const postSearchAttributes = {
  PostStatus: defineSearchAttributeKey('PostStatus', SearchAttributeType.KEYWORD),
  Department: defineSearchAttributeKey('Department', SearchAttributeType.KEYWORD),
  Policy: defineSearchAttributeKey('Policy', SearchAttributeType.KEYWORD),
  Siret: defineSearchAttributeKey('Siret', SearchAttributeType.KEYWORD),
  /** The earliest running deadline; absent when none runs. */
  NextDeadline: defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME),
};

/** docs/workflow-versioning.md: an upsert is a command, so runs recorded before it replay without one. */
export const POST_SEARCH_ATTRIBUTES_PATCH = 'post-search-attributes';

/** The attributes of a post as its view says them; a deadline that no longer runs is removed (`null`). */
export function searchAttributesOf(view: PostView): SearchAttributeUpdatePair[] {
  const next = view.deadlines.map((d) => d.dueOn).sort()[0];
  const { PostStatus, Department, Policy, Siret, NextDeadline } = postSearchAttributes;
  return [
    { key: PostStatus, value: view.status },
    { key: Department, value: view.structure.department },
    { key: Policy, value: view.policy },
    { key: Siret, value: view.structure.siret },
    { key: NextDeadline, value: next ? toInstant(next) : null },
  ];
}

/**
 * Upserts them after every accepted change. An attribute the namespace does not know fails the
 * workflow task, again and again, and the post stops answering: the worker refuses to start on
 * such a namespace instead (runtime/post-search-attributes-check.ts).
 */
export function upsertPostSearchAttributes(view: PostView): void {
  if (patched(POST_SEARCH_ATTRIBUTES_PATCH)) upsertSearchAttributes(searchAttributesOf(view));
}
