// CPU time of a process group, from /proc (Linux). Per request it tells
// what a route costs the collector's processes whatever the load
// generator's share of the machine, which throughput alone does not.
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

function ticksPerSecond() {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString()) || 100;
  } catch {
    return 100;
  }
}

const TICKS_PER_S = ticksPerSecond();

/**
 * Milliseconds of CPU (user and system) the processes of `group` have
 * used so far, or null where /proc cannot tell.
 */
export async function groupCpuMs(group) {
  let names;
  try {
    names = await readdir('/proc');
  } catch {
    return null;
  }
  let ticks = 0;
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = await readFile(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // Fields after the command, which may hold spaces: state is field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== group) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / TICKS_PER_S;
}
