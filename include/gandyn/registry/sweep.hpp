// Definitions of the sweep (commands.hpp; docs/program.md, "sweep"): every cell of a one- or
// two-parameter grid is the command's request with the cell's values put in, computed
// exactly as a single simulate, analyze or lyapunov with those values would, in parallel
// (OpenMP); a basin cell labels its simulated run (analysis/basin.hpp).
// Include in exactly one translation unit.
#pragma once

#include "gandyn/analysis/basin.hpp"
#include "gandyn/registry/basin_value.hpp"
#include "gandyn/registry/commands.hpp"
#include "gandyn/registry/rows_in_blocks.hpp"
#include "gandyn/registry/simulate_request.hpp"

#include <nlohmann/json.hpp>

#ifdef _OPENMP
#include <omp.h>
#endif

#include <algorithm>
#include <atomic>
#include <charconv>
#include <exception>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace gandyn::registry {

namespace detail {

inline grid_axis parse_axis(const std::string& text) {
  const auto eq = text.find('=');
  const auto c1 = text.find(':', eq == std::string::npos ? 0 : eq);
  const auto c2 = c1 == std::string::npos ? std::string::npos : text.find(':', c1 + 1);
  if (eq == std::string::npos || c1 == std::string::npos || c2 == std::string::npos ||
      text.find(':', c2 + 1) != std::string::npos)
    throw parameter_error("grid", "{grid} '" + text + "' is not PARAM=LO:HI:N");
  grid_axis a;
  a.parameter = text.substr(0, eq);
  if (std::find(grid_parameters.begin(), grid_parameters.end(), a.parameter) == grid_parameters.end()) {
    const auto close = closest_name(a.parameter, grid_parameters);
    throw parameter_error("grid", "{grid}: unknown parameter '" + a.parameter + "' in '" + text + "'" +
                                      (close ? "; did you mean '" + *close + "'?" : ""));
  }
  a.lo = parse_number("grid", text.substr(eq + 1, c1 - eq - 1));
  a.hi = parse_number("grid", text.substr(c1 + 1, c2 - c1 - 1));
  a.n = parse_integer("grid", text.substr(c2 + 1), 1);
  return a;
}

// The basin label of a simulated cell (docs/analysis.md, "Basins"), with its final distance and,
// for a periodic orbit, its period (iterations for a map, time for rk4 and dopri5).
inline cell_value basin_cell(const request& cell) {
  const trajectory t = simulate(cell);
  const std::string& method = cell.required("method");
  const bool flow = method == "rk4" || method == "dopri5";
  const long every = cell.integer("every", 1);
  const std::optional<double> dt =
      flow ? std::optional<double>(*cell.optional_number("h") * static_cast<double>(every)) : std::nullopt;
  const auto row = [&](std::size_t k) { return t.states.row(static_cast<Eigen::Index>(k)).transpose(); };
  return basin_value(label_rows(static_cast<std::size_t>(t.states.rows()), row, t.equilibrium, t.ended, dt), flow,
                     every);
}

inline cell_value compute_cell(const request& cell, const std::string& quantity) {
  try {
    if (quantity == "final-distance") {
      const trajectory t = simulate(cell);
      if (t.ended.status == run_status::diverged) return {cell_status::diverged, 0, ""};
      return {cell_status::ok, (t.states.row(t.states.rows() - 1).transpose() - t.equilibrium).norm(), ""};
    }
    if (quantity == "basin") return basin_cell(cell);
    if (quantity == "lyapunov") {
      const lyapunov_report l = lyapunov(cell);
      if (l.ended.status == run_status::diverged || l.exponents.size() == 0) return {cell_status::diverged, 0, ""};
      return {cell_status::ok, l.exponents[0], ""};
    }
    if (quantity == "max-stable-h") {
      const analysis a = analyze(cell, true);
      if (!a.max_stable_h) return {cell_status::undefined, 0, ""};
      return {cell_status::ok, *a.max_stable_h, ""};
    }
    const analysis a = analyze(cell, false);
    if (quantity == "spectral-radius") return {cell_status::ok, a.spectral_radius, ""};
    if (quantity == "spectral-abscissa") return {cell_status::ok, a.spectral_abscissa, ""};
    return {cell_status::ok, 0, to_string(a.verdict)};
  } catch (const std::domain_error&) {
    return {cell_status::undefined, 0, ""};  // not differentiable at the point
  }
}

}  // namespace detail

std::vector<long> sweep_plan::cells() const {
  std::vector<long> out;
  out.reserve(static_cast<std::size_t>((total - shard + shards - 1) / shards));
  for (long k = shard; k < total; k += shards) out.push_back(k);
  return out;
}

long sweep_plan::coordinate(long cell, std::size_t axis) const {
  for (std::size_t a = axes.size(); --a > axis;) cell /= axes[a].n;
  return cell % axes[axis].n;
}

std::vector<long> sweep_plan::index(long cell) const {
  std::vector<long> index(axes.size());
  for (std::size_t a = 0; a < axes.size(); ++a) index[a] = coordinate(cell, a);
  return index;
}

request sweep_plan::cell_request(long cell) const {
  request f = base;
  const std::vector<long> i = index(cell);
  for (std::size_t a = 0; a < axes.size(); ++a) {
    const std::string value = full_precision(axes[a].value(i[a]));
    const std::string& p = axes[a].parameter;
    if (p == "theta0" || p == "psi0") {
      const std::string name = p == "theta0" ? "theta" : "psi";
      if (!f.has(name)) throw parameter_error("grid", "{grid} " + p + " needs {" + name + "}");
      const std::string& list = f.values.at(name);
      const auto comma = list.find(',');
      f.values[name] = value + (comma == std::string::npos ? "" : list.substr(comma));
    } else {
      f.values[p] = value;
    }
  }
  return f;
}

sweep_plan plan_sweep(const request& r) {
  sweep_plan plan;
  {
    std::stringstream stream(r.required("grid"));
    std::string item;
    while (std::getline(stream, item, '\x1f')) plan.axes.push_back(detail::parse_axis(item));
  }
  if (plan.axes.empty() || plan.axes.size() > 2) throw parameter_error("grid", "{grid} must be given once or twice");
  if (plan.axes.size() == 2 && plan.axes[0].parameter == plan.axes[1].parameter)
    throw parameter_error("grid", "{grid} names '" + plan.axes[0].parameter + "' twice");
  plan.quantity = r.required("quantity");
  if (std::find(sweep_quantities.begin(), sweep_quantities.end(), plan.quantity) == sweep_quantities.end()) {
    const auto close = closest_name(plan.quantity, sweep_quantities);
    throw parameter_error("quantity", "unknown {quantity} '" + plan.quantity + "'" +
                                          (close ? "; did you mean '" + *close + "'?"
                                                 : " (expected spectral-radius|spectral-abscissa|verdict|final-distance|"
                                                   "basin|lyapunov|max-stable-h)"));
  }
  if (r.has("shard")) {
    const std::string s = r.text("shard");
    const auto slash = s.find('/');
    if (slash == std::string::npos) throw parameter_error("shard", "{shard} '" + s + "' is not I/N");
    plan.shard = detail::parse_integer("shard", s.substr(0, slash), 0);
    plan.shards = detail::parse_integer("shard", s.substr(slash + 1), 1);
    if (plan.shard >= plan.shards) throw parameter_error("shard", "{shard} " + s + ": I must be < N");
  }
  plan.threads = r.integer("threads", 0);
  plan.base = r;
  for (const char* f : {"grid", "quantity", "threads", "shard", "format", "out"}) plan.base.values.erase(f);
  const bool simulated = plan.quantity == "final-distance" || plan.quantity == "basin" || plan.quantity == "lyapunov";
  if (simulated) {
    if (plan.base.has("dim"))
      throw parameter_error("dim", "{dim} does not apply to " + plan.quantity + " (the start gives the dimension)");
  } else {
    for (const char* f : {"steps", "bound"})
      if (plan.base.has(f))
        throw parameter_error(f, std::string("{") + f + "} applies to quantities final-distance, basin and lyapunov only");
  }
  if (plan.quantity != "lyapunov" && plan.base.has("transient"))
    throw parameter_error("transient", "{transient} applies to quantity lyapunov only");
  plan.total = 1;
  for (const grid_axis& a : plan.axes) plan.total *= a.n;
  // Every cell's parameters are checked now, before any work: the grid's corners and its
  // first cell cover every value an axis takes (each axis is a linear range).
  std::vector<long> probes{0, plan.total - 1};
  if (plan.axes.size() == 2) {
    probes.push_back(plan.axes[1].n - 1);
    probes.push_back(plan.total - plan.axes[1].n);
  }
  for (long k : probes) {
    const request cell = plan.cell_request(k);
    try {
      if (plan.quantity == "final-distance" || plan.quantity == "basin") {
        check_simulation(cell);
      } else if (plan.quantity == "lyapunov") {
        check_lyapunov(cell);
      } else {
        (void)analyze(cell, false);
      }
    } catch (const std::domain_error&) {
      // not differentiable at this cell: an undefined cell, not bad input
    }
  }
  return plan;
}

std::vector<cell_value> sweep_cells(const sweep_plan& plan, const std::vector<long>& cells,
                                    const progress_hook& progress) {
  if (auto in_lanes = simulated_cells(plan, cells, progress)) return std::move(*in_lanes);
  std::vector<cell_value> values(cells.size());
  std::atomic<bool> stop{false};
  std::atomic<long> done{0};
  std::exception_ptr error;
  const long count = static_cast<long>(cells.size());
#ifdef _OPENMP
  const int threads = plan.threads > 0 ? static_cast<int>(plan.threads) : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 16) num_threads(threads)
#endif
  for (long i = 0; i < count; ++i) {
    if (stop.load(std::memory_order_relaxed)) continue;
    try {  // nothing may leave an OpenMP region: the first error is rethrown after it
      values[static_cast<std::size_t>(i)] =
          detail::compute_cell(plan.cell_request(cells[static_cast<std::size_t>(i)]), plan.quantity);
    } catch (...) {
      // bad input found only in this cell (the plan checks the grid's corners): name the cell
      std::exception_ptr found = std::current_exception();
      try {
        std::rethrow_exception(found);
      } catch (const parameter_error& e) {
        found = std::make_exception_ptr(parameter_error(
            e.parameter(), e.message() + " (cell " + std::to_string(cells[static_cast<std::size_t>(i)]) + ")"));
      } catch (...) {
      }
#ifdef _OPENMP
#pragma omp critical(gandyn_sweep_error)
#endif
      if (!error) error = found;
      stop = true;
    }
    const long finished = ++done;
#ifdef _OPENMP
    const bool reporter = omp_get_thread_num() == 0;
#else
    const bool reporter = true;
#endif
    if (progress && reporter && !progress(finished, count)) stop = true;  // the hook rate-limits itself
  }
  if (error) std::rethrow_exception(error);
  if (stop) throw cancelled();
  if (progress) progress(count, count);
  return values;
}

std::string column_name(std::string name) {
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

namespace detail {
inline std::vector<std::string> sweep_columns(const sweep_plan& plan) {
  std::vector<std::string> columns{"cell"};
  for (const grid_axis& a : plan.axes) columns.push_back(column_name(a.parameter));
  columns.push_back(column_name(plan.quantity));
  return columns;
}
// A basin cell in JSON also carries its final distance and period (docs/program.md, "sweep").
inline bool basin_details(const sweep_plan& plan, bool json) { return json && plan.quantity == "basin"; }
inline void append_cell_text(std::string& text, const cell_value& v) {
  if (v.status != cell_status::ok) {
    text += to_string(v.status);
  } else if (v.word.empty()) {
    append_full_precision(text, v.number);
  } else {
    text += v.word;
  }
}
inline std::string cell_text(const cell_value& v) {
  std::string text;
  append_cell_text(text, v);
  return text;
}
}  // namespace detail

void write_sweep_csv(const sweep_plan& plan, const std::vector<long>& cells, const std::vector<cell_value>& values,
                     const std::function<void(std::string_view)>& write) {
  // An axis's values are formatted once each, when the axis has no more values than there are
  // rows (a 500 x 500 map writes each of an axis's 500 values 500 times): axis_text[a] holds
  // them one after the other, value i ending at axis_ends[a][i].
  std::vector<std::string> axis_text(plan.axes.size());
  std::vector<std::vector<std::size_t>> axis_ends(plan.axes.size());
  for (std::size_t a = 0; a < plan.axes.size(); ++a) {
    if (static_cast<std::size_t>(plan.axes[a].n) > cells.size()) continue;
    for (long i = 0; i < plan.axes[a].n; ++i) {
      append_full_precision(axis_text[a], plan.axes[a].value(i));
      axis_ends[a].push_back(axis_text[a].size());
    }
  }
  const auto append_axis_value = [&](std::string& text, std::size_t a, long i) {
    if (axis_ends[a].empty()) return append_full_precision(text, plan.axes[a].value(i));
    const std::size_t begin = i == 0 ? 0 : axis_ends[a][static_cast<std::size_t>(i - 1)];
    text.append(axis_text[a], begin, axis_ends[a][static_cast<std::size_t>(i)] - begin);
  };
  const auto format_row = [&](std::string& text, std::size_t i) {
    char digits[24];
    text.append(digits, std::to_chars(digits, digits + sizeof digits, cells[i]).ptr);
    for (std::size_t a = 0; a < plan.axes.size(); ++a) {
      text += ',';
      append_axis_value(text, a, plan.coordinate(cells[i], a));
    }
    text += ',';
    detail::append_cell_text(text, values[i]);
    text += '\n';
  };
  write(detail::csv_header(detail::sweep_columns(plan)));
  detail::write_rows_in_blocks(cells.size(), plan.threads, 21 + 25 * (plan.axes.size() + 1), format_row, write);
}

void write_sweep_json(const sweep_plan& plan, const std::vector<long>& cells, const std::vector<cell_value>& values,
                      const std::function<void(std::string_view)>& write) {
  nlohmann::ordered_json j;
  nlohmann::ordered_json command = nlohmann::ordered_json::object();
  for (const auto& [name, value] : plan.base.values) command[name] = value;
  j["command"] = command;
  nlohmann::ordered_json grid = nlohmann::ordered_json::array();
  for (const grid_axis& a : plan.axes) grid.push_back({{"parameter", a.parameter}, {"lo", a.lo}, {"hi", a.hi}, {"n", a.n}});
  j["grid"] = grid;
  j["quantity"] = plan.quantity;
  j["cells_total"] = plan.total;
  j["shard"] = std::to_string(plan.shard) + "/" + std::to_string(plan.shards);
  std::vector<std::string> columns = detail::sweep_columns(plan);
  if (detail::basin_details(plan, true)) {
    columns.push_back("final_distance");
    columns.push_back("period");
  }
  j["columns"] = columns;
  // The object up to its cells, then the cells in blocks (nlohmann-json formats each row as it
  // would within the whole document).
  std::string head = j.dump();
  head.pop_back();  // the closing brace
  write(head + ",\"cells\":[");
  const bool basin_details = detail::basin_details(plan, true);
  const auto format_row = [&](std::string& text, std::size_t i) {
    nlohmann::ordered_json row = nlohmann::ordered_json::array({cells[i]});
    for (std::size_t a = 0; a < plan.axes.size(); ++a) row.push_back(plan.axes[a].value(plan.coordinate(cells[i], a)));
    const cell_value& v = values[i];
    if (v.status != cell_status::ok || !v.word.empty()) {
      row.push_back(detail::cell_text(v));
    } else {
      row.push_back(v.number);
    }
    if (basin_details) {
      row.push_back(v.number);
      row.push_back(v.period ? nlohmann::ordered_json(*v.period) : nlohmann::ordered_json(nullptr));
    }
    if (i > 0) text += ',';
    text += row.dump();
  };
  detail::write_rows_in_blocks(cells.size(), plan.threads, 30 + 25 * (plan.axes.size() + 3), format_row, write);
  write("]}");
}

}  // namespace gandyn::registry
