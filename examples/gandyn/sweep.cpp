#include "sweep.hpp"

#include "analyze.hpp"
#include "game_flags.hpp"
#include "output_file.hpp"
#include "rules.hpp"
#include "simulate.hpp"

#include <nlohmann/json.hpp>

#ifdef _OPENMP
#include <omp.h>
#endif

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace cli {

namespace {

// A grid axis PARAM=LO:HI:N: N values from LO to HI inclusive, like linspace.
struct axis {
  std::string parameter;  // a numeric flag's name without dashes, or theta0 / psi0
  double lo = 0, hi = 0;
  long n = 1;
  double value(long i) const { return n == 1 ? lo : lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(n - 1); }
};

const std::set<std::string> grid_parameters = {"h",    "h-d",   "ng",    "nd",  "beta",  "beta1", "beta2",
                                               "alpha", "eps",  "rtol",  "atol", "lambda", "c",   "gamma",
                                               "sigma", "consensus-gamma", "clip", "theta0", "psi0", "steps"};

axis parse_axis(const std::string& text) {
  const auto eq = text.find('=');
  const auto c1 = text.find(':', eq == std::string::npos ? 0 : eq);
  const auto c2 = c1 == std::string::npos ? std::string::npos : text.find(':', c1 + 1);
  if (eq == std::string::npos || c1 == std::string::npos || c2 == std::string::npos ||
      text.find(':', c2 + 1) != std::string::npos)
    throw usage_error("--grid '" + text + "' is not PARAM=LO:HI:N");
  axis a;
  a.parameter = text.substr(0, eq);
  if (!grid_parameters.count(a.parameter))
    throw usage_error("--grid: unknown parameter '" + a.parameter + "' in '" + text + "'");
  a.lo = parse_number("--grid " + a.parameter + " LO", text.substr(eq + 1, c1 - eq - 1));
  a.hi = parse_number("--grid " + a.parameter + " HI", text.substr(c1 + 1, c2 - c1 - 1));
  a.n = parse_integer("--grid " + a.parameter + " N", text.substr(c2 + 1), 1);
  return a;
}

std::string column_name(std::string s) {
  std::replace(s.begin(), s.end(), '-', '_');
  return s;
}

// The grid index of cell k (row-major, the first axis outermost).
std::vector<long> grid_index(long k, const std::vector<axis>& axes) {
  std::vector<long> index(axes.size());
  for (std::size_t a = axes.size(); a-- > 0;) {
    index[a] = k % axes[a].n;
    k /= axes[a].n;
  }
  return index;
}

// The flags of one cell: the command's flags with the grid values put in.
flag_set cell_flags(const flag_set& base, const std::vector<axis>& axes, const std::vector<long>& index) {
  flag_set f = base;
  for (std::size_t a = 0; a < axes.size(); ++a) {
    const std::string value = full_precision(axes[a].value(index[a]));
    const std::string& p = axes[a].parameter;
    if (p == "theta0" || p == "psi0") {
      const std::string flag = p == "theta0" ? "--theta" : "--psi";
      if (!f.has(flag)) throw usage_error("--grid " + p + " needs " + flag);
      const std::string& list = f.text(flag);
      const auto comma = list.find(',');
      f.values[flag] = value + (comma == std::string::npos ? "" : list.substr(comma));
    } else {
      f.values["--" + p] = value;
    }
  }
  return f;
}

struct cell_result {
  std::string value;  // a number, a verdict, "diverged" or "undefined"
  std::string error;  // bad input found in this cell
};

cell_result compute_cell(const flag_set& f, const std::string& quantity) {
  try {
    if (quantity == "final-distance") {
      const trajectory t = simulate_from(f);
      if (t.ended.status == gandyn::run_status::diverged) return {"diverged", ""};
      return {full_precision((t.states.back() - t.equilibrium).norm()), ""};
    }
    const analysis_report r = analyze_from(f, false);
    if (quantity == "spectral-radius") return {full_precision(r.spectral_radius), ""};
    if (quantity == "spectral-abscissa") return {full_precision(r.spectral_abscissa), ""};
    return {std::string(gandyn::to_string(r.verdict)), ""};
  } catch (const std::domain_error&) {
    return {"undefined", ""};  // not differentiable at the point
  } catch (const std::exception& e) {
    return {"", e.what()};
  }
}

}  // namespace

void add_sweep_flags(flag_registry& r) {
  add_game_flags(r);
  add_rule_flags(r, "flow|simgd|altgd|extragradient|optimistic|momentum (analysed); any simulate method (final-distance)");
  r.add_repeatable("--grid", "PARAM=LO:HI:N, once or twice (the first outermost)", true);
  r.add("--quantity", "spectral-radius|spectral-abscissa|verdict|final-distance", true);
  r.add("--dim", "dimension n for the analysis at the equilibrium, integer >= 1 (1)");
  r.add("--steps", "final-distance: iterations");
  r.add("--theta", "final-distance: initial theta (or the analysis point)");
  r.add("--psi", "final-distance: initial psi (or the analysis point)");
  r.add("--bound", "final-distance: diverged when ||x|| > B (1e10)");
  r.add("--threads", "OpenMP threads, integer >= 1 (all cores)");
  r.add("--shard", "I/N: only the cells k with k mod N = I (0/1)");
  r.add("--format", "csv|json (csv)");
  r.add("--out", "output file, written atomically (default: standard output)");
}

int run_sweep(const flag_set& given) {
  // --grid may come twice: flag_registry joins the values with '\x1f'.
  std::vector<axis> axes;
  {
    std::string all = given.text("--grid");
    std::stringstream stream(all);
    std::string item;
    while (std::getline(stream, item, '\x1f')) axes.push_back(parse_axis(item));
  }
  if (axes.empty() || axes.size() > 2) throw usage_error("--grid must be given once or twice");
  if (axes.size() == 2 && axes[0].parameter == axes[1].parameter)
    throw usage_error("--grid names '" + axes[0].parameter + "' twice");
  const std::string quantity = given.text("--quantity");
  if (quantity != "spectral-radius" && quantity != "spectral-abscissa" && quantity != "verdict" &&
      quantity != "final-distance")
    throw usage_error("unknown --quantity '" + quantity + "' (expected spectral-radius|spectral-abscissa|verdict|final-distance)");
  long shard = 0, shards = 1;
  if (given.has("--shard")) {
    const std::string s = given.text("--shard");
    const auto slash = s.find('/');
    if (slash == std::string::npos) throw usage_error("--shard '" + s + "' is not I/N");
    shard = parse_integer("--shard I", s.substr(0, slash), 0);
    shards = parse_integer("--shard N", s.substr(slash + 1), 1);
    if (shard >= shards) throw usage_error("--shard " + s + ": I must be < N");
  }
  [[maybe_unused]] const long threads = given.integer("--threads", 1, 0);
  const std::string format = given.get("--format").value_or("csv");
  if (format != "csv" && format != "json") throw usage_error("--format must be csv or json, got '" + format + "'");

  flag_set base = given;
  for (const char* f : {"--grid", "--quantity", "--threads", "--shard", "--format", "--out"}) base.values.erase(f);
  if (quantity == "final-distance") {
    if (base.has("--dim")) throw usage_error("--dim does not apply to final-distance (the start gives the dimension)");
  } else {
    for (const char* f : {"--steps", "--bound"})
      if (base.has(f)) throw usage_error(std::string(f) + " applies to --quantity final-distance only");
  }

  long total = 1;
  for (const axis& a : axes) total *= a.n;
  std::vector<long> cells;
  for (long k = shard; k < total; k += shards) cells.push_back(k);
  std::vector<flag_set> flags(cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) flags[i] = cell_flags(base, axes, grid_index(cells[i], axes));

  std::vector<cell_result> results(cells.size());
#ifdef _OPENMP
  if (threads > 0) omp_set_num_threads(static_cast<int>(threads));
#pragma omp parallel for schedule(dynamic, 16)
#endif
  for (long i = 0; i < static_cast<long>(cells.size()); ++i) results[i] = compute_cell(flags[i], quantity);
  for (std::size_t i = 0; i < cells.size(); ++i)
    if (!results[i].error.empty()) throw usage_error(results[i].error + " (cell " + std::to_string(cells[i]) + ")");

  output_file out(given.get("--out").value_or(""));
  std::vector<std::string> columns{"cell"};
  for (const axis& a : axes) columns.push_back(column_name(a.parameter));
  columns.push_back(column_name(quantity));
  std::string text;
  if (format == "csv") {
    for (std::size_t c = 0; c < columns.size(); ++c) text += (c ? "," : "") + columns[c];
    text += "\n";
    for (std::size_t i = 0; i < cells.size(); ++i) {
      text += std::to_string(cells[i]);
      const std::vector<long> index = grid_index(cells[i], axes);
      for (std::size_t a = 0; a < axes.size(); ++a) text += "," + full_precision(axes[a].value(index[a]));
      text += "," + results[i].value + "\n";
    }
  } else {
    nlohmann::ordered_json j;
    nlohmann::ordered_json command = nlohmann::ordered_json::object();
    for (const auto& [flag, value] : base.values) command[flag.substr(2)] = value;
    j["command"] = command;
    nlohmann::ordered_json grid = nlohmann::ordered_json::array();
    for (const axis& a : axes) grid.push_back({{"parameter", a.parameter}, {"lo", a.lo}, {"hi", a.hi}, {"n", a.n}});
    j["grid"] = grid;
    j["quantity"] = quantity;
    j["cells_total"] = total;
    j["shard"] = std::to_string(shard) + "/" + std::to_string(shards);
    j["columns"] = columns;
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < cells.size(); ++i) {
      nlohmann::ordered_json row = nlohmann::ordered_json::array({cells[i]});
      const std::vector<long> index = grid_index(cells[i], axes);
      for (std::size_t a = 0; a < axes.size(); ++a) row.push_back(axes[a].value(index[a]));
      const std::string& v = results[i].value;
      const bool word = v == "diverged" || v == "undefined" || quantity == "verdict";
      if (word) {
        row.push_back(v);
      } else {
        row.push_back(std::stod(v));
      }
      rows.push_back(row);
    }
    j["cells"] = rows;
    text = j.dump() + "\n";
  }
  out.commit(text);
  return 0;
}

}  // namespace cli
