/**
 * /v1/memory: the team's memory over REST (the CLI's `memory add/ls/rm`, scripts). Every call
 * acts as the calling member: they see and search the team's memories and their own, add in
 * their name, and remove what they added (an admin: anything).
 */
import { Hono } from "hono";
import { z } from "zod";
import { MEMORY_LIMITS } from "../memory/limits";
import { memoryStore } from "../memory/team-memory";
import type { MemoryScope } from "../memory/types";
import type { ApiEnv } from "./api-env";
import { apiError } from "./errors";
import { limitParam } from "./pagination";
import { restBodyLimit, validate } from "./validate";

// Newlines and tabs are a note's own; other control characters and lone surrogates are not text.
const UNSTORABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|\p{Cs}/u;

const addBody = z
  .object({
    text: z
      .string()
      .trim()
      .min(1, "text must not be empty")
      .max(MEMORY_LIMITS.textMaxChars, `text must be at most ${MEMORY_LIMITS.textMaxChars} characters`)
      .refine((text) => !UNSTORABLE.test(text), "text must be well-formed text without control characters (newlines and tabs are fine)"),
    scope: z.enum(["team", "member"]).default("team"),
    project: z
      .string()
      .min(1)
      .max(MEMORY_LIMITS.projectMaxChars)
      .refine((project) => !/[\\/]/.test(project) && !UNSTORABLE.test(project) && !project.includes("\n"), {
        message: "project must be a directory's base name, not a path",
      })
      .nullable()
      .default(null),
    ttlDays: z.number().int().min(1).max(MEMORY_LIMITS.retentionDaysMax).optional(),
  })
  .strict();

const listQuery = z.object({
  scope: z.enum(["team", "member"]).optional(),
  /** Only what this member added. */
  member: z.string().min(1).max(128).optional(),
  project: z.string().min(1).max(MEMORY_LIMITS.projectMaxChars).optional(),
  after: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, "after must be the `next` of the page before")
    .transform(Number)
    .optional(),
  limit: limitParam(MEMORY_LIMITS.listPageMax),
});

const searchQuery = z.object({
  q: z.string().trim().min(1, "q must not be empty").max(MEMORY_LIMITS.queryMaxChars),
  limit: limitParam(MEMORY_LIMITS.searchLimitMax),
});

const purgeQuery = z.object({ member: z.string().min(1, "member must name whose memories to remove").max(128) });

const idParam = z.object({ id: z.uuid("a memory's id is a UUID, as `memory ls` shows it") });

export const memoryRoutes = new Hono<ApiEnv>()
  .post("/", restBodyLimit(), validate("json", addBody), async (c) => {
    const { team, member } = c.get("member");
    const { text, scope, project, ttlDays } = c.req.valid("json");
    const added = await memoryStore(c.env, team).add({
      text,
      scope: scope as MemoryScope,
      source: "note",
      member,
      project,
      ...(ttlDays === undefined ? {} : { ttlDays }),
    });
    // 201: a new memory. 200: the same text was there; its expiry is renewed.
    return c.json(added, added.added ? 201 : 200);
  })
  .get("/", validate("query", listQuery, "invalid_query"), async (c) => {
    const { team, member } = c.get("member");
    const { member: addedBy, ...filters } = c.req.valid("query");
    return c.json(await memoryStore(c.env, team).list({ member, ...filters, ...(addedBy ? { addedBy } : {}) }));
  })
  .get("/search", validate("query", searchQuery, "invalid_query"), async (c) => {
    const { team, member } = c.get("member");
    const { q, limit } = c.req.valid("query");
    return c.json({ hits: await memoryStore(c.env, team).search({ query: q, member, ...(limit ? { limit } : {}) }) });
  })
  // Every memory one member added: their own wish, or an admin's when a member leaves.
  .delete("/", validate("query", purgeQuery, "invalid_query"), async (c) => {
    const { team, member, admin } = c.get("member");
    const { member: whose } = c.req.valid("query");
    if (whose !== member && !admin) return apiError(c, 403, "forbidden", "Only a team admin may remove a teammate's memories");
    return c.json({ removed: await memoryStore(c.env, team).removeAllOf(whose) });
  })
  .delete("/:id", validate("param", idParam), async (c) => {
    const { team, member, admin } = c.get("member");
    const { id } = c.req.valid("param");
    const outcome = await memoryStore(c.env, team).remove(id, { member, admin });
    if (outcome === "not_found") return apiError(c, 404, "not_found", `No memory ${id} in your team's memory`);
    if (outcome === "forbidden") return apiError(c, 403, "forbidden", "Only the member who added a memory, or an admin, may remove it");
    return c.json({ removed: id });
  });
