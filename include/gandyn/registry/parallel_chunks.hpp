// A loop over m items in chunks, in parallel (OpenMP, when built with it) from 16384 items on,
// that reports progress and can be stopped: the registry's evaluations over grids of points.
#pragma once

#include "gandyn/registry/commands.hpp"

#include <Eigen/Core>

#ifdef _OPENMP
#include <omp.h>
#endif

#include <algorithm>
#include <atomic>

namespace gandyn::registry::detail {

// body(first, count) for the chunks [first, first + count) of [0, m), count <= chunk. One
// thread calls the progress hook at the chunks that begin at a multiple of 4096 items; when it
// says stop, the remaining chunks are skipped and `cancelled` is thrown.
template <class Body>
void parallel_chunks(Eigen::Index m, Eigen::Index chunk, const progress_hook& progress, Body&& body) {
  const Eigen::Index chunks = (m + chunk - 1) / chunk;
  std::atomic<bool> stop{false};
#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (m >= 16384)
#endif
  for (Eigen::Index c = 0; c < chunks; ++c) {
    if (stop.load(std::memory_order_relaxed)) continue;
#ifdef _OPENMP
    const bool reporter = omp_get_thread_num() == 0;
#else
    const bool reporter = true;
#endif
    const Eigen::Index first = c * chunk;
    if (progress && reporter && first % 4096 == 0 && first > 0 && !progress(first, m)) stop = true;
    body(first, std::min(chunk, m - first));
  }
  if (stop) throw cancelled();
}

}  // namespace gandyn::registry::detail
