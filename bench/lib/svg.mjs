// A small SVG writer for the results chart: two panels of grouped bars (req/s and p99 latency), one group
// per scenario, one bar per connection count, on log scales so /health and a hot account share an axis.

const palette = ["#9ecae1", "#4292c6", "#08519c", "#08306b"];
const escape = (text) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const compact = (value) => (Number.isInteger(value) || value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));

function logTicks(min, max) {
  const ticks = [];
  for (let exponent = Math.floor(Math.log10(min)); exponent <= Math.ceil(Math.log10(max)); exponent += 1) ticks.push(10 ** exponent);
  return ticks;
}

function panel({ title, unit, rows, groups, connections, field, top, width, height, left }) {
  const values = rows.map((row) => row[field]).filter((value) => value > 0);
  const ticks = logTicks(Math.min(...values), Math.max(...values));
  const low = Math.log10(ticks[0]);
  const high = Math.log10(ticks.at(-1));
  const y = (value) => top + height - ((Math.log10(Math.max(value, ticks[0])) - low) / (high - low || 1)) * height;
  const groupWidth = (width - left - 10) / groups.length;
  const barWidth = (groupWidth * 0.8) / connections.length;
  const parts = [`<text x="${left}" y="${top - 12}" class="title">${escape(title)}</text>`];
  for (const tick of ticks) {
    parts.push(`<line x1="${left}" x2="${width - 10}" y1="${y(tick)}" y2="${y(tick)}" class="grid"/>`);
    parts.push(`<text x="${left - 6}" y="${y(tick) + 4}" class="axis" text-anchor="end">${tick >= 1000 ? `${tick / 1000}k` : tick}${unit}</text>`);
  }
  groups.forEach((group, groupIndex) => {
    const x0 = left + groupIndex * groupWidth + groupWidth * 0.1;
    connections.forEach((count, index) => {
      const row = rows.find((candidate) => candidate.name === group && candidate.connections === count);
      if (!row || !(row[field] > 0)) return;
      const x = x0 + index * barWidth;
      const barTop = y(row[field]);
      parts.push(`<rect x="${x.toFixed(1)}" y="${barTop.toFixed(1)}" width="${(barWidth - 1).toFixed(1)}" height="${(top + height - barTop).toFixed(1)}" fill="${palette[index % palette.length]}"><title>${escape(`${group}, ${count} connections: ${compact(row[field])}${unit}`)}</title></rect>`);
      parts.push(`<text x="${(x + barWidth / 2).toFixed(1)}" y="${(barTop - 3).toFixed(1)}" class="value" text-anchor="middle">${compact(row[field])}</text>`);
    });
    parts.push(`<text x="${(x0 + groupWidth * 0.4).toFixed(1)}" y="${top + height + 14}" class="label" text-anchor="middle">${escape(group)}</text>`);
  });
  return parts.join("\n");
}

/** The chart for `results.scenarios`: req/s above, p99 below, a legend of connection counts. */
export function resultsChart(results) {
  const rows = results.scenarios;
  const groups = [...new Set(rows.map((row) => row.name))];
  const connections = [...new Set(rows.map((row) => row.connections))].sort((a, b) => a - b);
  const width = Math.max(900, groups.length * 165 + 90);
  const left = 64;
  const panelHeight = 220;
  const height = 2 * panelHeight + 170;
  const legend = connections
    .map((count, index) => `<rect x="${left + index * 130}" y="${height - 22}" width="12" height="12" fill="${palette[index % palette.length]}"/><text x="${left + index * 130 + 18}" y="${height - 12}" class="axis">${count} connection${count === 1 ? "" : "s"}</text>`)
    .join("\n");
  const caption = `${results.mode} run, ${results.generated_at.slice(0, 16).replace("T", " ")} UTC, runner ${results.runner}; log scales`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">
<style>
  .title { font-size: 14px; font-weight: 600; fill: #222; }
  .axis { font-size: 11px; fill: #444; }
  .label { font-size: 11px; fill: #222; }
  .value { font-size: 9px; fill: #333; }
  .grid { stroke: #ddd; stroke-width: 1; }
</style>
<rect width="100%" height="100%" fill="#fff"/>
${panel({ title: "Requests per second (higher is better)", unit: "", rows, groups, connections, field: "requests_per_s", top: 40, width, height: panelHeight, left })}
${panel({ title: "p99 latency, ms (lower is better)", unit: "", rows, groups, connections, field: "p99_ms", top: 40 + panelHeight + 70, width, height: panelHeight, left })}
${legend}
<text x="${width - 10}" y="${height - 12}" class="axis" text-anchor="end">${escape(caption)}</text>
</svg>
`;
}
