// Scripting the fake Anthropic API (test/fake-anthropic) from tests in workerd, and building
// its answers in the Messages API's wire format.
import { env } from "cloudflare:test";
import type { Step } from "../../fake-anthropic/server";

const base = () => (env as Env).ANTHROPIC_BASE_URL!;

export async function script(name: string, steps: Step[]): Promise<void> {
  const res = await fetch(`${base()}/__scenario/${name}`, { method: "POST", body: JSON.stringify({ steps }) });
  if (!res.ok) throw new Error(`could not script ${name}: ${res.status}`);
}

export async function requests(name: string): Promise<{ headers: Record<string, string>; body: any }[]> {
  return (await fetch(`${base()}/__scenario/${name}/requests`)).json();
}

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

let ids = 0;

export function message(
  content: ({ type: "text"; text: string } | { type: "tool_use"; name: string; input: unknown; id?: string })[],
  options: { stop_reason?: string; usage?: Usage; model?: string } = {},
): Step {
  return {
    body: {
      id: `msg_fake_${ids++}`,
      type: "message",
      role: "assistant",
      model: options.model ?? "claude-sonnet-5",
      content: content.map((block) => (block.type === "tool_use" ? { id: `toolu_fake_${ids++}`, ...block } : block)),
      stop_reason: options.stop_reason ?? (content.some((block) => block.type === "tool_use") ? "tool_use" : "end_turn"),
      stop_sequence: null,
      usage: {
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        ...(options.usage ?? { input_tokens: 100, output_tokens: 20 }),
      },
    },
  };
}

export const text = (value: string) => ({ type: "text" as const, text: value });
export const toolUse = (name: string, input: unknown) => ({ type: "tool_use" as const, name, input });

export function apiError(status: number, type: string, errorMessage: string, headers: Record<string, string> = {}): Step {
  return { status, headers, body: { type: "error", error: { type, message: errorMessage } } };
}
