// Fails when a file of the repository reaches for the vendors' documents beside it instead of the copies in
// test/fixtures/vendor: a partner's clone has nothing beside it, so any such reference is a test that cannot
// load, a script that cannot run or a comment that sends the reader nowhere. .ci/run runs it first.
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot } from "./ensure-dev-vars.mjs";

// Written without the literal spellings they look for, so this file does not match itself.
const outside_references = [
  { pattern: /\.\.[\\/]shared\b/, what: "a path climbing out to the sibling shared folder" },
  { pattern: /[@]shared\b/, what: "the retired vitest alias of that folder" },
  { pattern: /\bshared[\\/](?:seeds|reference|hooks)\b|\bshared[\\/](?:API|STYLE)\.md\b/, what: "a file of that folder, by any path" },
];

/** Tracked files and untracked ones that are not ignored: exactly what a commit of the tree would hold. */
function repositoryFiles(root) {
  const listing = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" });
  return [...new Set(listing.split("\0").filter((path) => path !== ""))];
}

/** Every line of every file that matches, as "path:line: text (what)". */
export function outsideReferences(root = projectRoot) {
  const found = [];
  for (const path of repositoryFiles(root)) {
    let text;
    try {
      if (!statSync(join(root, path)).isFile()) continue;
      text = readFileSync(join(root, path), "utf8");
    } catch (error) {
      if (error.code === "ENOENT") continue; // deleted in the work tree, not yet in the index
      throw error;
    }
    text.split("\n").forEach((line, index) => {
      const match = outside_references.find(({ pattern }) => pattern.test(line));
      if (match !== undefined) found.push({ path, line: index + 1, text: line.trim(), what: match.what });
    });
  }
  return found;
}

function main() {
  const problems = outsideReferences();
  for (const { path, line, text, what } of problems) console.error(`${path}:${line}: ${what}: ${text}`);
  if (problems.length > 0) {
    console.error("Point these at the copies in test/fixtures/vendor (see its README.md): a clone has nothing beside it.");
    process.exit(1);
  }
  console.log("No file reaches outside the repository.");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
