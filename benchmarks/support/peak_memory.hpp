// The process's peak resident memory (Linux): VmHWM from /proc/self/status, and its reset
// (writing 5 to /proc/self/clear_refs resets the high-water mark to the current RSS,
// Documentation/filesystems/proc.rst). Returns -1 where /proc is not available.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace bench {

inline void reset_peak_memory() { std::ofstream("/proc/self/clear_refs") << "5"; }

inline double peak_memory_mb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) {
      std::istringstream fields(line.substr(6));
      double kb = 0;
      fields >> kb;
      return kb / 1024;
    }
  }
  return -1;
}

}  // namespace bench
