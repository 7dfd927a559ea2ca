/** What every panel of the console is handed: the API, who the token is, the context, the live tail. */
import type { Api, Settings } from './api';
import type { Principal } from './session';
import type { TailSocket } from './tailSocket';

export interface ConsoleApp {
  api: Api;
  settings: Settings;
  principal: Principal | undefined;
  /** The context the console is looking at. */
  context: string;
  tail: TailSocket;
  /** The REST API's own description (`/openapi.json`): command types, their examples, aggregate types. */
  openApi: () => Promise<OpenApiDocument | undefined>;
  /** Opens a panel (the hash route), with its parameters. */
  go: (panel: string, params?: Record<string, string>) => void;
  /** The contexts list changed (created, retired): the context picker reloads. */
  contextsChanged: () => void;
}

/** A panel as it is shown: its element, and what it stops when another is opened. */
export interface PanelView {
  element: HTMLElement;
  dispose?: () => void;
}

export type Panel = (app: ConsoleApp, params: URLSearchParams) => PanelView;

export interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: { name: string; schema?: { enum?: string[] } }[] }>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

/** The aggregate types the API knows (the events route's path variable). */
export const aggregateTypesOf = (document: OpenApiDocument | undefined): string[] => {
  const route = document?.paths['/v1/{context}/aggregates/{aggregateType}/{aggregateId}/events']?.get;
  return route?.parameters?.find((parameter) => parameter.name === 'aggregateType')?.schema?.enum ?? [];
};

export interface CommandType {
  type: string;
  example: unknown;
}

/** The command types the API takes, each with its payload's first example. */
export const commandTypesOf = (document: OpenApiDocument | undefined): CommandType[] => {
  const schemas = document?.components.schemas ?? {};
  const union = (schemas.Command?.oneOf as { $ref: string }[] | undefined) ?? [];
  return union.flatMap(({ $ref }) => {
    const schema = schemas[$ref.split('/').at(-1) ?? ''] as
      | { properties?: { type?: { const?: string }; payload?: { examples?: unknown[] } } }
      | undefined;
    const type = schema?.properties?.type?.const;
    return type ? [{ type, example: schema?.properties?.payload?.examples?.[0] ?? {} }] : [];
  });
};
