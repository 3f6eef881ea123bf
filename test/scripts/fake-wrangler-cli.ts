// The fake as a `wrangler` executable (a test puts a shell shim named `wrangler` on PATH that
// runs this): the account lives in the JSON file $FAKE_CLOUD, each call is appended to
// $FAKE_CLOUD_LOG as a JSON line.
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { text } from "node:stream/consumers";
import { type FakeCloud, fakeWrangler } from "./fake-cloudflare.ts";

const statePath = process.env.FAKE_CLOUD!;
const cloud = JSON.parse(readFileSync(statePath, "utf8")) as FakeCloud;
const args = process.argv.slice(2);
const input = await text(process.stdin);
const env = process.env.WRANGLER_OUTPUT_FILE_PATH ? { WRANGLER_OUTPUT_FILE_PATH: process.env.WRANGLER_OUTPUT_FILE_PATH } : undefined;
const result = fakeWrangler(cloud, { args, input, env });
writeFileSync(statePath, JSON.stringify(cloud));
appendFileSync(process.env.FAKE_CLOUD_LOG!, `${JSON.stringify({ args, input })}\n`);
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
