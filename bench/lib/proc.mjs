// The workerd processes of a runner's process group, their memory (/proc/<pid>/status) and CPU time
// (/proc/<pid>/stat). Linux only; elsewhere every reading is null and the report says so.
import { readdirSync, readFileSync } from "node:fs";

const clock_ticks_per_s = 100;

function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const fields = text.slice(close + 2).split(" ");
    // After the command: state(0) ppid(1) pgrp(2) ... utime(11) stime(12)
    return { pid, comm, pgrp: Number(fields[2]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** Every process in process group `pgid`, or [] where /proc is absent. */
export function groupProcesses(pgid) {
  let entries;
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  return entries
    .filter((name) => /^\d+$/.test(name))
    .map((name) => stat(Number(name)))
    .filter((process) => process !== null && process.pgrp === pgid);
}

export const workerdProcesses = (pgid) => groupProcesses(pgid).filter((process) => process.comm.startsWith("workerd"));

function statusKb(pid, field) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds the workerd processes of the group have used so far. */
export function workerdCpuSeconds(pgid) {
  return workerdProcesses(pgid).reduce((sum, process) => sum + process.cpuTicks, 0) / clock_ticks_per_s;
}

/** CPU seconds this Node process (the load generator) has used so far. */
export function ownCpuSeconds() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/**
 * Samples the summed VmRSS of the group's workerd processes every `intervalMs` until stopped, and keeps
 * the peak of that sum and of each process's own high-water mark (VmHWM).
 */
export function startMemorySampler(pgid, intervalMs = 250) {
  const samples = [];
  let peakRssKb = 0;
  let peakHwmKb = 0;
  let peakAnonKb = 0;
  let peakShmemKb = 0;
  const sum = (processes, field) => processes.reduce((total, process) => total + statusKb(process.pid, field), 0);
  const sample = () => {
    const processes = workerdProcesses(pgid);
    const rssKb = sum(processes, "VmRSS");
    // RssShmem counts pages of files on tmpfs that SQLite maps (the objects' and D1's -shm files), not heap.
    const anonKb = sum(processes, "RssAnon");
    peakRssKb = Math.max(peakRssKb, rssKb);
    peakHwmKb = Math.max(peakHwmKb, sum(processes, "VmHWM"));
    peakAnonKb = Math.max(peakAnonKb, anonKb);
    peakShmemKb = Math.max(peakShmemKb, sum(processes, "RssShmem"));
    samples.push({ atMs: Date.now(), rssKb, anonKb });
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    startedAtMs: samples[0].atMs,
    /** The latest sample: { atMs, rssKb, anonKb }. */
    current: () => samples.at(-1) ?? { atMs: Date.now(), rssKb: 0, anonKb: 0 },
    samples: () => samples,
    stop() {
      clearInterval(timer);
      sample();
      return { peakRssMb: peakRssKb / 1024, peakHwmMb: peakHwmKb / 1024, peakAnonMb: peakAnonKb / 1024, peakShmemMb: peakShmemKb / 1024, samples };
    },
  };
}

/** Busy CPU seconds of the whole machine so far (all cores, from /proc/stat), or null without /proc. */
export function machineBusySeconds() {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: busy is everything but idle and iowait.
    const busy = fields.slice(0, 8).reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0);
    return busy / clock_ticks_per_s;
  } catch {
    return null;
  }
}
