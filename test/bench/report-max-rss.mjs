// Preloaded with --import: prints the process's peak resident set size and CPU time (user +
// system) on stderr when it exits.
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`${JSON.stringify({ maxRssBytes: usage.maxRSS * 1024, cpuMicroseconds: usage.userCPUTime + usage.systemCPUTime })}\n`);
});
