/**
 * Claude Code's native binary is a Bun executable: its JavaScript is a graph of ES module chunks
 * stored as plain text, named `/$bunfs/root/chunk-<hash>.js`, with a table of them at the end of
 * the file. This reads that table and evaluates the top-level declarations of a chunk on demand,
 * following its imports into other chunks, so a test can call Claude Code's own functions and
 * schemas without running Claude Code (and without knowing the names its minifier chose: callers
 * find declarations by text they hold).
 *
 * Only declarations are evaluated, each the first time something uses it: a chunk's top-level
 * statements never run, so nothing of the app starts. A declaration that reaches host state
 * (settings, the session) must be given a stand-in with `override`.
 */
import { readFileSync } from "node:fs";
import { parseAst } from "rolldown/parseAst";

/** The ESTree nodes this file reads, as rolldown's parser gives them (offsets in UTF-16 units). */
interface Node {
  type: string;
  start: number;
  end: number;
  [field: string]: any;
}

/** Bun's trailer, after the table's offsets (`StandaloneModuleGraph.Offsets`, 32 bytes). */
const TRAILER = "\n---- Bun! ----\n";
/** One module of the table: name, contents, source map, bytecode (offset and length each), then 4 flag bytes and 16 more. */
const MODULE_ENTRY_BYTES = 52;

interface Binding {
  kind: "declaration" | "import" | "namespace";
  /** declaration: the source to evaluate; import: the module and the name it exports. */
  code?: string;
  names?: string[];
  from?: string;
  imported?: string;
}

export class BunBinary {
  readonly #bytes: Buffer;
  readonly #modules = new Map<string, { offset: number; length: number }>();
  readonly #chunks = new Map<string, Chunk>();
  readonly path: string;

  constructor(path: string) {
    this.path = path;
    this.#bytes = readFileSync(path);
    const trailer = this.#bytes.lastIndexOf(TRAILER, undefined, "latin1");
    if (trailer === -1) throw new Error(`${path} is not a Bun executable: no "${TRAILER.trim()}" trailer`);
    const offsets = trailer - 32;
    const base = offsets - Number(this.#bytes.readBigUInt64LE(offsets));
    const table = base + this.#bytes.readUInt32LE(offsets + 8);
    const tableLength = this.#bytes.readUInt32LE(offsets + 12);
    for (let entry = table; entry < table + tableLength; entry += MODULE_ENTRY_BYTES) {
      const field = (index: number) => this.#bytes.readUInt32LE(entry + index * 4);
      const name = this.#bytes.toString("utf8", base + field(0), base + field(0) + field(1));
      this.#modules.set(name, { offset: base + field(2), length: field(3) });
    }
    if (![...this.#modules.keys()].some((name) => name.startsWith("/$bunfs/"))) {
      throw new Error(`${path}: Bun's module table was not where this reader expects it (has Bun changed its format?)`);
    }
  }

  /** The names of the chunks whose text holds `text`. */
  chunksWith(text: string): string[] {
    const found = new Set<string>();
    for (let at = this.#bytes.indexOf(text, 0, "utf8"); at !== -1; at = this.#bytes.indexOf(text, at + 1, "utf8")) {
      for (const [name, { offset, length }] of this.#modules) {
        if (at >= offset && at < offset + length && this.#isScript(offset)) found.add(name);
      }
    }
    return [...found];
  }

  /** Bun marks each JavaScript module's text; the table also holds assets, Markdown, native addons. */
  #isScript(offset: number): boolean {
    return this.#bytes.toString("latin1", offset, offset + 7) === "// @bun";
  }

  /** The one chunk whose text holds `text`. */
  chunkWith(text: string): Chunk {
    const names = this.chunksWith(text);
    if (names.length !== 1) throw new Error(`${names.length} chunks of ${this.path} hold ${JSON.stringify(text)}, not one`);
    return this.chunk(names[0]!);
  }

  chunk(name: string): Chunk {
    let chunk = this.#chunks.get(name);
    if (!chunk) {
      const module = this.#modules.get(name);
      if (!module) throw new Error(`${this.path} has no module ${name}`);
      chunk = new Chunk(this, name, this.#bytes.toString("utf8", module.offset, module.offset + module.length));
      this.#chunks.set(name, chunk);
    }
    return chunk;
  }
}

export class Chunk {
  readonly #bindings = new Map<string, Binding>();
  /** Exported name -> local name. */
  readonly #exports = new Map<string, string>();
  readonly #values = new Map<string, unknown>();
  readonly #evaluating = new Set<string>();
  readonly #scope: object;
  readonly binary: BunBinary;
  readonly name: string;
  readonly source: string;

  constructor(binary: BunBinary, name: string, source: string) {
    this.binary = binary;
    this.name = name;
    this.source = source;
    for (const statement of parseAst(source).body as Node[]) this.#read(statement);
    // Every name the chunk binds resolves here, lazily; any other name is a global.
    this.#scope = new Proxy(Object.create(null), {
      has: (_, key) => typeof key === "string" && (this.#bindings.has(key) || this.#values.has(key)),
      get: (_, key) => (typeof key === "string" ? this.value(key) : undefined),
      set: (_, key, value) => {
        this.#values.set(key as string, value);
        return true;
      },
    });
  }

  /** The top-level names whose declaration's source holds `text` (or matches it). */
  declarationsWith(text: string | RegExp): string[] {
    const holds = (code: string) => (typeof text === "string" ? code.includes(text) : text.test(code));
    return [...new Set([...this.#bindings].filter(([, binding]) => binding.code && holds(binding.code)).map(([name]) => name))];
  }

  /** The one top-level name whose declaration holds `text`. */
  declarationWith(text: string | RegExp): string {
    const names = this.declarationsWith(text);
    if (names.length !== 1) throw new Error(`${names.length} declarations of ${this.name} hold ${JSON.stringify(text)}, not one`);
    return names[0]!;
  }

  /** The names the chunk imports from other chunks. */
  imports(): string[] {
    return [...this.#bindings]
      .filter(([, binding]) => binding.kind === "import" && binding.from!.startsWith("/$bunfs/"))
      .map(([name]) => name);
  }

  binds(name: string): boolean {
    return this.#bindings.has(name);
  }

  /** The source of a top-level declaration (for an import: of the declaration it imports). */
  code(name: string): string {
    const binding = this.#bindings.get(name);
    if (!binding) throw new Error(`${this.name} declares no ${name}`);
    if (binding.kind === "declaration") return binding.code!;
    if (binding.kind === "import" && binding.from!.startsWith("/$bunfs/")) {
      const chunk = this.binary.chunk(binding.from!);
      return chunk.code(chunk.localOf(binding.imported!));
    }
    throw new Error(`${this.name}'s ${name} is imported from ${binding.from}, not declared in a chunk`);
  }

  /** Puts `value` in place of a name, so that nothing of the declaration behind it runs. */
  override(name: string, value: unknown): this {
    if (!this.#bindings.has(name)) throw new Error(`${this.name} binds no ${name} to override`);
    this.#values.set(name, value);
    return this;
  }

  /** The value of a top-level name, evaluated (with what it uses) on first use. */
  value(name: string): unknown {
    if (this.#values.has(name)) return this.#values.get(name);
    const binding = this.#bindings.get(name);
    if (!binding) throw new ReferenceError(`${this.name} binds no ${name}`);
    if (this.#evaluating.has(name)) throw new Error(`${this.name}: ${name} needs itself to be evaluated`);
    this.#evaluating.add(name);
    try {
      if (binding.kind === "declaration") {
        const values = this.evaluate(binding.code!) as Record<string, unknown>;
        for (const declared of binding.names!) if (!this.#values.has(declared)) this.#values.set(declared, values[declared]);
      } else {
        this.#values.set(name, this.#imported(binding));
      }
    } finally {
      this.#evaluating.delete(name);
    }
    return this.#values.get(name);
  }

  /** An expression (or declarations) evaluated in this chunk's top-level scope. */
  evaluate(code: string): unknown {
    const names = this.#declaredNames(code);
    const body = names ? `${code}\nreturn { ${names.join(", ")} };` : `return (${code}\n);`;
    // Sloppy mode for `with`; the chunk's own code stays as it was (classes are strict anyway).
    return new Function("$chunk", `with ($chunk) { return (function () {\n${body}\n})(); }`)(this.#scope);
  }

  localOf(exported: string): string {
    const local = this.#exports.get(exported);
    if (local === undefined) throw new Error(`${this.name} exports no ${exported}`);
    return local;
  }

  #imported(binding: Binding): unknown {
    const from = binding.from!;
    if (!from.startsWith("/$bunfs/")) {
      const builtin = process.getBuiltinModule(from.replace(/^node:/, ""));
      if (!builtin) throw new Error(`${this.name} imports ${from}, which Node does not have`);
      return binding.kind === "namespace" ? builtin : (builtin as Record<string, unknown>)[binding.imported!];
    }
    const chunk = this.binary.chunk(from);
    if (binding.kind === "namespace") {
      return new Proxy({}, { get: (_, key) => (typeof key === "string" ? chunk.value(chunk.localOf(key)) : undefined) });
    }
    return chunk.value(chunk.localOf(binding.imported!));
  }

  #read(statement: Node) {
    const text = (node: Node) => this.source.slice(node.start, node.end);
    switch (statement.type) {
      case "ImportDeclaration":
        for (const specifier of statement.specifiers as Node[]) {
          const local = specifier.local.name as string;
          if (specifier.type === "ImportNamespaceSpecifier") {
            this.#bindings.set(local, { kind: "namespace", from: statement.source.value });
          } else {
            const imported =
              specifier.type === "ImportDefaultSpecifier" ? "default" : (specifier.imported.name ?? specifier.imported.value);
            this.#bindings.set(local, { kind: "import", from: statement.source.value, imported });
          }
        }
        break;
      case "ExportNamedDeclaration":
        if (statement.declaration) this.#read(statement.declaration);
        for (const specifier of (statement.specifiers ?? []) as Node[]) {
          this.#exports.set(specifier.exported.name ?? specifier.exported.value, specifier.local.name ?? specifier.local.value);
        }
        if (statement.declaration) for (const name of this.#declaredNames(text(statement.declaration)) ?? []) this.#exports.set(name, name);
        break;
      case "FunctionDeclaration":
      case "ClassDeclaration":
        this.#bindings.set(statement.id.name, { kind: "declaration", code: text(statement), names: [statement.id.name] });
        break;
      case "VariableDeclaration":
        // One binding per declarator, so using one name never evaluates its neighbours.
        for (const declarator of statement.declarations as Node[]) {
          const names = patternNames(declarator.id);
          const code = `var ${text(declarator)};`;
          for (const name of names) this.#bindings.set(name, { kind: "declaration", code, names });
        }
        break;
      // Top-level statements (calls, assignments) are what starting the app would do: never run.
    }
  }

  /** The names a declaration statement binds, or undefined for an expression. */
  #declaredNames(code: string): string[] | undefined {
    if (!/^(var|let|const|function|class|async function)\b/.test(code)) return undefined;
    const [statement] = parseAst(code).body as Node[];
    if (statement!.type === "VariableDeclaration") return (statement!.declarations as Node[]).flatMap((d) => patternNames(d.id));
    return [statement!.id.name];
  }
}

function patternNames(pattern: Node): string[] {
  switch (pattern.type) {
    case "Identifier":
      return [pattern.name];
    case "ObjectPattern":
      return (pattern.properties as Node[]).flatMap((property) =>
        patternNames(property.type === "RestElement" ? property.argument : property.value),
      );
    case "ArrayPattern":
      return (pattern.elements as (Node | null)[]).flatMap((element) => (element ? patternNames(element) : []));
    case "AssignmentPattern":
      return patternNames(pattern.left);
    case "RestElement":
      return patternNames(pattern.argument);
    default:
      return [];
  }
}
