// Command-line options of `npm run bench`, and the two presets. Every duration is bounded here.

export const presets = {
  // Under five minutes on a shared 2-core machine, the 1,000-account setup included. Optional phases are
  // skipped once `budgetS` is spent; `hardLimitS` stops everything (and kills the runner) as a last resort.
  quick: { durationS: 4, warmupS: 1, drainRecords: 1_000, lagRunS: 4, waitS: 10, compareRunnersS: 3, budgetS: 255, hardLimitS: 290 },
  // The full preset ends with a five-minute soak, the test of flat memory.
  full: { durationS: 15, warmupS: 3, drainRecords: 10_000, lagRunS: 15, waitS: 60, compareRunnersS: 8, budgetS: 1_700, hardLimitS: 1_800, soakS: 300 },
};

const usage = `npm run bench -- [--quick] [--compare-runners] [--no-compare-runners] [--profile] [--soak=SECONDS]
                      [--scenarios=a,b] [--connections=1,8,32] [--duration=SECONDS] [--no-docs]
  --quick              the short preset (< 5 minutes); default is the full preset
  --compare-runners    also time wrangler dev against the Miniflare API (default in the full preset)
  --profile            CPU-profile workerd through its inspector and write bench/results/profile.json
  --soak=SECONDS       after the scenarios, run qash-deposit-spread at 32 connections this long and judge memory
                       (max 900; the full preset soaks 300 s, --soak=0 skips it)
  --scenarios=...      only these scenarios (their floors are added)
  --no-docs            do not regenerate docs/benchmarks.md and docs/benchmarks.svg`;

export function parseArgs(argv) {
  const flags = new Map();
  for (const arg of argv) {
    if (arg === "--help" || arg === "-h") {
      console.log(usage);
      process.exit(0);
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg}\n${usage}`);
    flags.set(match[1], match[2] ?? true);
  }
  const known = new Set(["quick", "full", "compare-runners", "no-compare-runners", "profile", "soak", "scenarios", "connections", "duration", "no-docs"]);
  for (const key of flags.keys()) if (!known.has(key)) throw new Error(`unknown option --${key}\n${usage}`);
  const mode = flags.has("quick") ? "quick" : "full";
  const preset = { ...presets[mode] };
  if (flags.has("duration")) preset.durationS = boundedNumber(flags.get("duration"), 1, 120, "--duration");
  const soakS = flags.has("soak") ? boundedNumber(flags.get("soak"), 0, 900, "--soak") : (preset.soakS ?? 0);
  return {
    mode,
    ...preset,
    compareRunners: flags.has("compare-runners") || (mode === "full" && !flags.has("no-compare-runners")),
    profile: flags.has("profile"),
    soakS,
    budgetS: preset.budgetS + soakS,
    hardLimitS: preset.hardLimitS + soakS + (flags.has("profile") ? 240 : 0),
    scenarioNames: flags.has("scenarios") ? String(flags.get("scenarios")).split(",") : null,
    connections: flags.has("connections") ? String(flags.get("connections")).split(",").map((value) => boundedNumber(value, 1, 256, "--connections")) : [1, 8, 32],
    docs: !flags.has("no-docs"),
  };
}

function boundedNumber(value, min, max, what) {
  const number = Number(value);
  if (!Number.isFinite(number) || number < min || number > max) throw new Error(`${what} must be a number from ${min} to ${max}`);
  return number;
}
