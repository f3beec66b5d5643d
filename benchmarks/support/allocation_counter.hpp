// Heap allocations of this process, counted (support/allocation_counter.cpp): the global
// operator new is replaced ([new.delete], replaceable allocation functions), and so are the
// C allocation functions, through which Eigen allocates its dynamic-size storage
// (Eigen::internal::aligned_malloc calls std::malloc, never operator new).
#pragma once

#include <cstddef>

namespace bench {

// Allocations since the program started (every thread).
std::size_t allocations();

}  // namespace bench
