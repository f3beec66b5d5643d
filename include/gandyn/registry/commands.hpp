// The programs' commands as library calls, shared by the `gandyn` program and the Python
// module (docs/program.md): simulate a trajectory, analyze a linearisation, sweep a grid of
// either. Each takes a `request` (parameters by name, as text) and returns numbers; the
// front ends only translate their flags or keywords into a request and format the result.
//
// This header declares; simulate.hpp, analyze.hpp, sweep.hpp and attractors.hpp define, each to be included
// in exactly one translation unit of a program (the dispatch over every game and rule is
// compiled once; the CMake target gandyn::registry does this).
#pragma once

#include "gandyn/analysis/spectrum.hpp"
#include "gandyn/observers/run_result.hpp"
#include "gandyn/registry/parameters.hpp"

#include <Eigen/Core>

#include <complex>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gandyn::registry {

// Called with (work done, total work) every few thousand steps or cells; returning false
// stops the command, which then throws `cancelled` (a notebook's Ctrl-C, a terminal's
// progress line).
using progress_hook = std::function<bool(long done, long total)>;

struct cancelled : std::runtime_error {
  cancelled() : std::runtime_error("cancelled") {}
};

using row_matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
// Rows of doubles read in place (a row_matrix, or a NumPy array mapped without a copy).
using rows_view = Eigen::Ref<const row_matrix>;
// Points [theta; psi], one per row, read in place from two blocks of rows of n values each (two
// NumPy arrays, without concatenating them): point i's coordinate j < n is theta(i, j), its
// coordinate n + j is psi(i, j).
struct points_view {
  rows_view theta, psi;
  Eigen::Index rows() const { return theta.rows(); }
  Eigen::Index cols() const { return theta.cols() + psi.cols(); }
  double operator()(Eigen::Index i, Eigen::Index j) const {
    return j < theta.cols() ? theta(i, j) : psi(i, j - theta.cols());
  }
  bool all_finite() const { return theta.allFinite() && psi.allFinite(); }
};

// One game of the catalogue: its name, parameters with their defaults, formula and source.
struct game_info {
  std::string name;
  std::vector<std::pair<std::string, double>> parameters;  // name -> default
  std::string formula;                                     // v_psi and v_theta, in words
  std::string source;                                      // papers and notes
};
// Every game name (bases and their modifiers), in the order of all_game_names().
std::vector<game_info> game_catalogue();

// v(x) at many points of the game named by r's "game" (with its parameters, and "dim" or
// "data" only as they fix n): `points` is m x 2n, one [theta; psi] per row; the result too.
row_matrix field(const request& r, const points_view& points, const progress_hook& progress = {});

// `gandyn simulate`: one trajectory of a game under an update rule or a flow integrator.
struct trajectory {
  std::vector<long> steps;          // the recorded iterates' step numbers
  std::vector<double> times;        // k h for maps, the time for flows
  std::vector<long> evals;          // field evaluations so far (docs/rules.md, "Cost: field evaluations")
  row_matrix states;                // one row [theta; psi] per recorded iterate
  row_matrix averages;              // the moving average at the same rows (0 x 0 without ema)
  run_result ended;                 // finished, converged or diverged, and at which step
  Eigen::VectorXd equilibrium;      // [x*; 0]
};

// Throws parameter_error for bad input (before anything runs), `cancelled` if the hook says stop.
trajectory simulate(const request& r, const progress_hook& progress = {});
// Validates a simulate request without running it (parameter_error).
void check_simulation(const request& r);
// The column names: step, t, evals, theta_0.., psi_0.. (then ema_theta_0.., ema_psi_0..).
std::vector<std::string> trajectory_columns(Eigen::Index n, bool with_ema);
// The CSV, header first (those columns, one row per recorded iterate, numbers at 17 digits),
// passed to `write` in blocks of rows formatted in parallel (OpenMP), as the program writes it.
void write_trajectory_csv(const trajectory& t, const std::function<void(std::string_view)>& write);
// {"game", "method", "parameters", "columns", "rows", "ended"}, as the program writes it: passed
// to `write` in parts, the rows in blocks formatted in parallel; trajectory_json gathers them.
void write_trajectory_json(const request& r, const trajectory& t, const std::function<void(std::string_view)>& write);
std::string trajectory_json(const request& r, const trajectory& t);

// `gandyn analyze`: the linearisation of the flow or of one iteration of a rule.
struct analysis {
  Eigen::VectorXd point;  // the state analysed: the equilibrium unless theta and psi are given
  Eigen::MatrixXd jacobian;
  Eigen::VectorXcd eigenvalues;
  double spectral_radius = 0;
  double spectral_abscissa = 0;
  gandyn::verdict verdict = gandyn::verdict::marginal;
  std::optional<double> max_stable_h;  // maps only
};

// Throws parameter_error for bad input, std::domain_error where the field is not
// differentiable at the point. The largest stable step (a scan over h) only when asked for.
analysis analyze(const request& r, bool with_max_stable_h = true);
// {"equilibrium", "jacobian", "eigenvalues", "spectral_radius", "spectral_abscissa",
//  "verdict", "max_stable_h"}, as the program writes it.
std::string analysis_json(const analysis& a);

// `gandyn sweep`: a quantity over a one- or two-parameter grid.
struct grid_axis {
  std::string parameter;  // a numeric parameter's name, or theta0 / psi0 (the first coordinate)
  double lo = 0, hi = 0;
  long n = 1;
  double value(long i) const {
    return n == 1 ? lo : lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(n - 1);
  }
};

enum class cell_status { ok, undefined, diverged };
constexpr std::string_view to_string(cell_status s) {
  return s == cell_status::ok ? "ok" : s == cell_status::undefined ? "undefined" : "diverged";
}

struct cell_value {
  cell_status status = cell_status::ok;
  double number = 0;  // the quantity, when it is a number and the status is ok; basin: the final distance
  std::string_view word;  // the verdict, for the quantity verdict; the label, for basin (static text)
  std::optional<double> period;  // basin: a periodic orbit's period (iterations, or time for a flow)
};

struct sweep_plan {
  request base;  // the command without its sweep parameters
  std::vector<grid_axis> axes;
  std::string quantity;
  long total = 0;      // cells in the grid
  long shard = 0;      // this run computes the cells k with k mod shards = shard
  long shards = 1;
  long threads = 0;    // 0: all cores
  std::vector<long> cells() const;  // this shard's cells, in order
  std::vector<long> index(long cell) const;  // grid index of a cell (row-major, the first axis outermost)
  long coordinate(long cell, std::size_t axis) const;  // one axis's entry of index(cell)
  request cell_request(long cell) const;     // the command with the cell's values put in
};

inline const std::vector<std::string> sweep_quantities = {"spectral-radius", "spectral-abscissa", "verdict",
                                                          "final-distance", "basin", "lyapunov", "max-stable-h"};
inline const std::vector<std::string> grid_parameters = {
    "h",  "h-d",  "ng",   "nd",     "beta", "beta1", "beta2",           "alpha", "eps",    "rtol",
    "atol", "lambda", "c", "gamma", "sigma", "consensus-gamma", "clip", "coupling", "theta0", "psi0", "steps"};

// Validates the whole command, every cell included (parameter_error), before any work.
sweep_plan plan_sweep(const request& r);
// The cells' values, in the order of `cells`, in parallel (OpenMP) when built with it.
std::vector<cell_value> sweep_cells(const sweep_plan& plan, const std::vector<long>& cells,
                                    const progress_hook& progress = {});
// The cells of a simulated quantity (final-distance) run W at a time in SIMD lanes
// (simulated_cells.hpp), or nullopt where the grid's game or method cannot (then sweep_cells
// computes them one by one). Called by sweep_cells.
std::optional<std::vector<cell_value>> simulated_cells(const sweep_plan& plan, const std::vector<long>& cells,
                                                       const progress_hook& progress);
// The field at n = 1 (points with two columns) W points at a time in SIMD lanes
// (simulated_cells.hpp), into out; false for the consensus games (then field evaluates them
// point by point). Called by field.
bool field_in_lanes(const request& r, const points_view& points, row_matrix& out, const progress_hook& progress);
// The CSV column of a parameter or quantity: '-' -> '_'.
std::string column_name(std::string name);
// The CSV, header first, passed to `write` in blocks of rows formatted in parallel (OpenMP),
// so that a large map never exists as one string.
void write_sweep_csv(const sweep_plan& plan, const std::vector<long>& cells, const std::vector<cell_value>& values,
                     const std::function<void(std::string_view)>& write);
// The JSON (docs/program.md, "sweep"), passed to `write` in parts, the cells in blocks formatted in
// parallel.
void write_sweep_json(const sweep_plan& plan, const std::vector<long>& cells, const std::vector<cell_value>& values,
                      const std::function<void(std::string_view)>& write);

// Attractors (docs/program.md, "orbit", "lyapunov", "boundary"; docs/analysis.md,
// "Attractors"). Methods: flow (RK4 with step h, default 0.01) or an analysed rule
// (registry/methods.hpp, analysed_methods).

// `gandyn orbit`: the cycle, equilibrium or nothing a start reaches.
struct orbit_report {
  std::string kind;                      // cycle | equilibrium | none
  Eigen::VectorXd point;                 // empty for none
  std::optional<double> period;          // a cycle's: time (flow) or iterations (map)
  std::optional<Eigen::VectorXcd> multipliers;  // a cycle's Floquet multipliers
  std::optional<Eigen::VectorXcd> eigenvalues;  // an equilibrium's, of v' or of the step map
  std::string reason;                    // why, for none
  std::string label;                     // the basin label of the run
  double final_distance = 0;             // of the run's last state from the equilibrium
};
orbit_report orbit(const request& r);
// {"kind", "point", "period", "multipliers", "eigenvalues", "reason"}, as the program writes it.
std::string orbit_json(const orbit_report& o);

// `gandyn lyapunov`: the Lyapunov spectrum, descending (empty when the run diverged).
struct lyapunov_report {
  Eigen::VectorXd exponents;
  run_result ended;
};
lyapunov_report lyapunov(const request& r);
// Validates a lyapunov request without running it (parameter_error).
void check_lyapunov(const request& r);
std::string lyapunov_json(const lyapunov_report& l);  // {"exponents": [...]}

// `gandyn boundary`: where the verdict changes along one parameter.
struct boundary_report {
  std::string param;
  std::optional<double> critical;
  std::string below, above;      // verdicts (or "undefined")
  std::vector<double> changes;
};
boundary_report boundary(const request& r, const progress_hook& progress = {});
// {"param", "critical", "below", "above", "changes"}
std::string boundary_json(const boundary_report& b);

}  // namespace gandyn::registry
