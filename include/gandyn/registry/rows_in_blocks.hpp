// Long outputs of rows (a sweep's cells, a trajectory's iterates, as CSV or JSON) formatted in
// parallel: each thread formats one block of rows into its own buffer, reused from round to
// round, and the blocks are passed to `write` in order after each round. The output never
// exists as one string, and a row's text does not depend on which thread wrote it.
#pragma once

#ifdef _OPENMP
#include <omp.h>
#endif

#include <algorithm>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gandyn::registry::detail {

inline constexpr std::size_t rows_per_block = 8192;

// A CSV file's first line: the columns' names joined by commas.
inline std::string csv_header(const std::vector<std::string>& columns) {
  std::string header;
  for (std::size_t c = 0; c < columns.size(); ++c) header += (c ? "," : "") + columns[c];
  return header + '\n';
}

// Rows 0 .. rows - 1, in order: format_row(text, i) appends row i (with its separator) to text.
// threads <= 0: all cores.
template <class FormatRow>
void write_rows_in_blocks(std::size_t rows, long threads, std::size_t bytes_per_row, const FormatRow& format_row,
                          const std::function<void(std::string_view)>& write) {
  const std::size_t blocks = (rows + rows_per_block - 1) / rows_per_block;
#ifdef _OPENMP
  const int team = static_cast<int>(std::min<std::size_t>(
      std::max<std::size_t>(blocks, 1),
      threads > 0 ? static_cast<std::size_t>(threads) : static_cast<std::size_t>(omp_get_max_threads())));
#else
  (void)threads;
  const int team = 1;
#endif
  std::vector<std::string> texts(static_cast<std::size_t>(team));
  for (std::size_t round = 0; round < blocks; round += static_cast<std::size_t>(team)) {
#ifdef _OPENMP
#pragma omp parallel for schedule(static, 1) num_threads(team)
#endif
    for (int t = 0; t < team; ++t) {
      const std::size_t block = round + static_cast<std::size_t>(t);
      if (block >= blocks) continue;
      std::string& text = texts[static_cast<std::size_t>(t)];
      text.clear();
      text.reserve(rows_per_block * bytes_per_row);
      for (std::size_t i = block * rows_per_block; i < std::min(rows, (block + 1) * rows_per_block); ++i)
        format_row(text, i);
    }
    for (std::size_t t = 0; t < texts.size() && round + t < blocks; ++t) write(texts[t]);
  }
}

}  // namespace gandyn::registry::detail
