// bench/actions/proc_cpu.hpp: CPU seconds a process has used so far, for
// the CPU-per-action figures of the write-path benchmarks.
#pragma once

#include <cstdio>
#include <cstring>
#include <string>

#include <sys/types.h>
#include <unistd.h>

namespace medic::bench {

/// User + system CPU seconds of `pid` so far (/proc/PID/stat fields 14-15); 0 if unreadable.
inline double cpu_seconds(pid_t pid) {
    std::FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/stat").c_str(), "r");
    if (!f) return 0;
    char buf[1024];
    size_t n = std::fread(buf, 1, sizeof buf - 1, f);
    std::fclose(f);
    buf[n] = 0;
    const char* p = std::strrchr(buf, ')');  // the command name may hold spaces
    if (!p) return 0;
    unsigned long ut = 0, st = 0;
    // after ") ": state(3) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15)
    if (std::sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2) return 0;
    return double(ut + st) / double(::sysconf(_SC_CLK_TCK));
}

}  // namespace medic::bench
