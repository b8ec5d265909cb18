// Creates .dev.vars from the committed .dev.vars.example when it is absent, so local secrets exist, and adds
// to an older .dev.vars any name the example has gained since (LOCAL_DEVELOPMENT, say), leaving the
// developer's own values alone. Used by `npm run dev` (scripts/dev.mjs) and by .ci/run, which need the
// same names.
import { appendFileSync, constants, copyFileSync, existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

const assignment = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/;
const namesIn = (text) => new Set(text.split("\n").map((line) => assignment.exec(line)?.[1]).filter(Boolean));

/** Appends the example's lines for the names `target` lacks; returns those names. */
function addMissingNames(target, example) {
  const current = readFileSync(target, "utf8");
  const present = namesIn(current);
  const missing = readFileSync(example, "utf8").split("\n").filter((line) => {
    const name = assignment.exec(line)?.[1];
    return name !== undefined && !present.has(name);
  });
  if (missing.length === 0) return [];
  appendFileSync(target, `${current === "" || current.endsWith("\n") ? "" : "\n"}${missing.join("\n")}\n`);
  const names = missing.map((line) => assignment.exec(line)[1]);
  console.log(`Added ${names.join(", ")} to .dev.vars from .dev.vars.example (names it gained since yours was made).`);
  return names;
}

/** Returns true when it created .dev.vars, false when one was already there (completed with any new names). */
export function ensureDevVars(root = projectRoot) {
  const target = join(root, ".dev.vars");
  const example = join(root, ".dev.vars.example");
  if (existsSync(target)) {
    addMissingNames(target, example);
    return false;
  }
  try {
    // COPYFILE_EXCL: never overwrite a .dev.vars that appeared since the check above.
    copyFileSync(example, target, constants.COPYFILE_EXCL);
  } catch (error) {
    if (error.code === "EEXIST") return false;
    throw error;
  }
  console.log("Created .dev.vars from .dev.vars.example (local development secrets; edit it as you like).");
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  ensureDevVars();
}
