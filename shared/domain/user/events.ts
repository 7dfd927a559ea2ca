import type { DomainEvent } from '#core/decider';

export type UserRegistered = DomainEvent<'UserRegistered', { name: string; email: string; registeredAt: string }>;
export type UserRenamed = DomainEvent<'UserRenamed', { name: string }>;

export type UserEvent = UserRegistered | UserRenamed;
