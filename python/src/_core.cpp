// gandyn._core: the registry's commands (include/gandyn/registry/commands.hpp) reached from
// Python. A thin binding: every number comes from the library calls the `gandyn` program
// makes; this file only moves requests in (parameters by name, as text) and arrays out
// (NumPy arrays over the library's own memory, no copy), releases the GIL during the
// computation and turns a Ctrl-C into KeyboardInterrupt. The keyword spelling, broadcasting,
// batching and xarray/Dask live in the pure-Python package (python/gandyn/).
#include <gandyn/analysis/behaviour.hpp>
#include <gandyn/registry/commands.hpp>
#include <gandyn/registry/methods.hpp>
#include <gandyn/registry/parameter_error.hpp>
#include <gandyn/registry/parameters.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <complex>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace py = pybind11;
namespace reg = gandyn::registry;

#ifndef GANDYN_VERSION
#define GANDYN_VERSION "0.0.0"
#endif

namespace {

// A registry name in Python's spelling: '-' -> '_', and lambda (a keyword) -> lambda_.
std::string python_name(const std::string& name) {
  if (name == "lambda") return "lambda_";
  std::string s = name;
  for (char& c : s)
    if (c == '-') c = '_';
  return s;
}

reg::request to_request(std::map<std::string, std::string> values) { return reg::request{std::move(values)}; }

// The progress hook of a long call: every ~20 ms the calling thread takes the GIL back and
// runs Python's signal handlers; a pending KeyboardInterrupt (or any exception a handler
// raised) stops the call. Other threads (OpenMP's) only read the stop flag. The exception
// stays set in the caller's thread state, where `rethrow_if_cancelled` picks it up.
class interruptible {
 public:
  interruptible() : caller_(std::this_thread::get_id()), last_(clock::now()) {}

  reg::progress_hook hook() {
    return [this](long, long) { return keep_going(); };
  }

 private:
  using clock = std::chrono::steady_clock;
  bool keep_going() {
    if (stop_.load(std::memory_order_relaxed)) return false;
    if (std::this_thread::get_id() != caller_) return true;
    const auto now = clock::now();
    if (now - last_ < std::chrono::milliseconds(20)) return true;
    last_ = now;
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) {
      stop_.store(true, std::memory_order_relaxed);
      return false;
    }
    return true;
  }
  std::thread::id caller_;
  clock::time_point last_;
  std::atomic<bool> stop_{false};
};

// Runs f() without the GIL, with an interruptible progress hook; re-raises the pending
// Python exception (KeyboardInterrupt) if the call was cancelled.
template <class F>
auto without_gil(F&& f) {
  interruptible check;
  try {
    py::gil_scoped_release release;
    return f(check.hook());
  } catch (const reg::cancelled&) {
    if (!PyErr_Occurred()) PyErr_SetNone(PyExc_KeyboardInterrupt);  // a handler that raised nothing
    throw py::error_already_set();
  }
}

// A NumPy array over `data` (rows x cols, row-major doubles) kept alive by `owner`.
py::array_t<double> view(const double* data, Eigen::Index rows, Eigen::Index cols, py::handle owner) {
  const auto r = static_cast<py::ssize_t>(rows);
  const auto c = static_cast<py::ssize_t>(cols);
  return py::array_t<double>({r, c}, {c * static_cast<py::ssize_t>(sizeof(double)), static_cast<py::ssize_t>(sizeof(double))},
                             data, owner);
}

// A row-major matrix moved to the heap, returned as a NumPy array that owns it.
py::array_t<double> owned(reg::row_matrix&& m) {
  auto* heap = new reg::row_matrix(std::move(m));
  py::capsule owner(heap, [](void* p) { delete static_cast<reg::row_matrix*>(p); });
  return view(heap->data(), heap->rows(), heap->cols(), owner);
}

py::array_t<double> copy_matrix(const Eigen::MatrixXd& m) {
  reg::row_matrix r = m;
  return owned(std::move(r));
}

py::array_t<double> copy_vector(const Eigen::VectorXd& v) {
  py::array_t<double> out(v.size());
  std::copy(v.data(), v.data() + v.size(), out.mutable_data());
  return out;
}

// The cells of a sweep as five arrays: status (0 ok, 1 undefined, 2 diverged), the
// number (NaN unless ok), the word (verdicts and basin labels; empty otherwise), and for basin
// cells the final distance and the period (NaN when there is none).
py::tuple cells_to_arrays(const std::vector<reg::cell_value>& values) {
  const auto m = static_cast<py::ssize_t>(values.size());
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  py::array_t<std::int8_t> status(m);
  py::array_t<double> number(m), distance(m), period(m);
  py::list words;
  auto* s = status.mutable_data();
  auto* x = number.mutable_data();
  auto* d = distance.mutable_data();
  auto* t = period.mutable_data();
  for (py::ssize_t i = 0; i < m; ++i) {
    const reg::cell_value& v = values[static_cast<std::size_t>(i)];
    const bool ok = v.status == reg::cell_status::ok;
    s[i] = static_cast<std::int8_t>(v.status);
    x[i] = ok && v.word.empty() ? v.number : nan;
    d[i] = ok && !v.word.empty() ? v.number : nan;  // a basin cell's number is its final distance
    t[i] = v.period ? *v.period : nan;
    words.append(ok ? v.word : reg::to_string(v.status));
  }
  return py::make_tuple(status, number, words, distance, period);
}

py::object complex_array(const std::optional<Eigen::VectorXcd>& values) {
  if (!values) return py::none();
  py::array_t<std::complex<double>> out(values->size());
  std::copy(values->data(), values->data() + values->size(), out.mutable_data());
  return out;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() =
      "gandyn's compiled core: the registry's commands (simulate, analyze, sweep, field) over "
      "requests of parameters by name, as text. Use the functions of the `gandyn` package.";
  m.attr("__version__") = GANDYN_VERSION;

  // Bad input: a ValueError naming the parameter as Python spells it.
  static py::exception<reg::parameter_error> parameter_error_type(m, "ParameterError", PyExc_ValueError);
  parameter_error_type.doc() =
      "Bad input: a ValueError whose message names the parameter in Python's spelling "
      "(its .parameter attribute holds that name).";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const reg::parameter_error& e) {
      const py::object type = parameter_error_type;
      py::object error = type(e.spelled(python_name));
      error.attr("parameter") = python_name(e.parameter());
      PyErr_SetObject(parameter_error_type.ptr(), error.ptr());
    }
  });

  m.def("python_name", &python_name, "A registry name in Python's spelling ('-' -> '_', lambda -> lambda_).");

  m.def(
      "parameter_table",
      [] {
        static const char* kinds[] = {"number", "integer", "list", "word", "flag"};
        static const char* domains[] = {"any",       "positive",       "non_negative",        "unit_interval_open_right",
                                        "open_unit_ball", "at_least_one", "non_negative_integer"};
        py::list out;
        for (const reg::parameter_info& p : reg::parameter_table())
          out.append(py::make_tuple(std::string(p.name), kinds[static_cast<int>(p.kind)],
                                    domains[static_cast<int>(p.range)], std::string(p.help)));
        return out;
      },
      "Every parameter as (registry name, kind, domain, help).");

  m.def(
      "game_catalogue",
      [] {
        py::list out;
        for (const reg::game_info& g : reg::game_catalogue()) {
          py::dict parameters;
          for (const auto& [name, value] : g.parameters) parameters[py::str(python_name(name))] = value;
          py::dict d;
          d["name"] = g.name;
          d["parameters"] = parameters;
          d["formula"] = g.formula;
          d["source"] = g.source;
          out.append(d);
        }
        return out;
      },
      "Every game: name, parameters {python name: default}, formula, source.");

  m.def(
      "methods",
      [] {
        py::list out;
        for (const reg::method_info& info : reg::method_table()) {
          py::list parameters;
          for (const auto& p : info.parameters) parameters.append(python_name(p));
          out.append(py::make_tuple(std::string(info.name), parameters, std::string(info.summary)));
        }
        return out;
      },
      "Every method as (name, its parameters besides h in Python spelling, summary).");
  m.attr("simulated_methods") = reg::simulated_methods;
  m.attr("analysed_methods") = reg::analysed_methods;
  m.attr("sweep_quantities") = reg::sweep_quantities;
  m.attr("grid_parameters") = reg::grid_parameters;
  m.def("full_precision", &reg::full_precision, "A double as text with 17 significant digits (reads back exactly).");

  m.def(
      "field",
      [](std::map<std::string, std::string> values, py::array_t<double, py::array::c_style | py::array::forcecast> theta,
         py::array_t<double, py::array::c_style | py::array::forcecast> psi) {
        if (theta.ndim() != 2 || psi.ndim() != 2) throw py::value_error("theta and psi must be 2-D arrays (m, n)");
        const reg::request r = to_request(std::move(values));
        // Read in place: a (m, 2n) copy of [theta, psi] would cost more than the field itself
        // (a 300 x 300 grid's 1.4 MB on fresh pages; README, "Benchmarks").
        const reg::points_view x{Eigen::Map<const reg::row_matrix>(theta.data(), theta.shape(0), theta.shape(1)),
                                 Eigen::Map<const reg::row_matrix>(psi.data(), psi.shape(0), psi.shape(1))};
        return owned(without_gil([&](const reg::progress_hook& hook) { return reg::field(r, x, hook); }));
      },
      py::arg("request"), py::arg("theta"), py::arg("psi"),
      "v at every point (theta[i], psi[i]) of theta and psi (m x n each); the result (m x 2n) owns its memory.");

  // A trajectory: the registry's result, kept alive by the arrays viewing it.
  py::class_<reg::trajectory>(m, "trajectory", "The registry's record of one run (use gandyn.Trajectory).")
      .def_property_readonly("states",
                             [](py::object self) {
                               const auto& t = self.cast<const reg::trajectory&>();
                               return view(t.states.data(), t.states.rows(), t.states.cols(), self);
                             })
      .def_property_readonly("averages",
                             [](py::object self) -> py::object {
                               const auto& t = self.cast<const reg::trajectory&>();
                               if (t.averages.size() == 0) return py::none();
                               return view(t.averages.data(), t.averages.rows(), t.averages.cols(), self);
                             })
      .def_property_readonly("steps",
                             [](py::object self) {
                               const auto& t = self.cast<const reg::trajectory&>();
                               static_assert(sizeof(long) == sizeof(std::int64_t));
                               return py::array_t<std::int64_t>(static_cast<py::ssize_t>(t.steps.size()),
                                                                reinterpret_cast<const std::int64_t*>(t.steps.data()),
                                                                self);
                             })
      .def_property_readonly("evals",
                             [](py::object self) {
                               const auto& t = self.cast<const reg::trajectory&>();
                               return py::array_t<std::int64_t>(static_cast<py::ssize_t>(t.evals.size()),
                                                                reinterpret_cast<const std::int64_t*>(t.evals.data()),
                                                                self);
                             })
      .def_property_readonly("times",
                             [](py::object self) {
                               const auto& t = self.cast<const reg::trajectory&>();
                               return py::array_t<double>(static_cast<py::ssize_t>(t.times.size()), t.times.data(), self);
                             })
      .def_property_readonly("status", [](const reg::trajectory& t) { return std::string(gandyn::to_string(t.ended.status)); })
      .def_property_readonly("ended_step", [](const reg::trajectory& t) { return t.ended.step; })
      .def_property_readonly("equilibrium", [](const reg::trajectory& t) { return copy_vector(t.equilibrium); });

  m.def(
      "simulate",
      [](std::map<std::string, std::string> values) {
        const reg::request r = to_request(std::move(values));
        return without_gil([&](const reg::progress_hook& hook) { return reg::simulate(r, hook); });
      },
      py::arg("request"), "gandyn simulate: one run.");
  m.def(
      "trajectory_json",
      [](std::map<std::string, std::string> values, const reg::trajectory& t) {
        return reg::trajectory_json(to_request(std::move(values)), t);
      },
      "The program's JSON of a run.");
  m.def("trajectory_columns", &reg::trajectory_columns, py::arg("n"), py::arg("with_ema"));
  m.def(
      "classify",
      [](py::array_t<double, py::array::c_style | py::array::forcecast> rows,
         py::array_t<double, py::array::c_style | py::array::forcecast> centre, bool diverged) {
        if (rows.ndim() != 2 || centre.ndim() != 1 || centre.shape(0) != rows.shape(1))
          throw py::value_error("classify: states must be (rows, 2n) and the centre (2n,)");
        const Eigen::Map<const reg::row_matrix> x(rows.data(), rows.shape(0), rows.shape(1));
        const Eigen::Map<const Eigen::VectorXd> c(centre.data(), centre.shape(0));
        const gandyn::run_result result{diverged ? gandyn::run_status::diverged : gandyn::run_status::finished, 0};
        const gandyn::behaviour b = gandyn::classify_rows(
            static_cast<std::size_t>(x.rows()), [&](std::size_t k) { return x.row(static_cast<Eigen::Index>(k)).transpose(); },
            c, result);
        py::dict out;
        out["kind"] = std::string(gandyn::to_string(b.kind));
        out["radius_min"] = b.radius_min;
        out["radius_max"] = b.radius_max;
        out["radius_first"] = b.radius_first;
        out["radius_last"] = b.radius_last;
        out["point"] = b.point.size() ? py::object(copy_vector(b.point)) : py::object(py::none());
        return out;
      },
      py::arg("states"), py::arg("centre"), py::arg("diverged") = false,
      "The library's trajectory classifier (docs/analysis.md, \"The trajectory classifier\").");

  py::class_<reg::analysis>(m, "analysis", "The registry's linearisation (use gandyn.Analysis).")
      .def_property_readonly("point", [](const reg::analysis& a) { return copy_vector(a.point); })
      .def_property_readonly("jacobian", [](const reg::analysis& a) { return copy_matrix(a.jacobian); })
      .def_property_readonly("eigenvalues",
                             [](const reg::analysis& a) {
                               py::array_t<std::complex<double>> out(a.eigenvalues.size());
                               std::copy(a.eigenvalues.data(), a.eigenvalues.data() + a.eigenvalues.size(),
                                         out.mutable_data());
                               return out;
                             })
      .def_readonly("spectral_radius", &reg::analysis::spectral_radius)
      .def_readonly("spectral_abscissa", &reg::analysis::spectral_abscissa)
      .def_property_readonly("verdict", [](const reg::analysis& a) { return std::string(gandyn::to_string(a.verdict)); })
      .def_readonly("max_stable_h", &reg::analysis::max_stable_h);

  m.def(
      "analyze",
      [](std::map<std::string, std::string> values, bool with_max_stable_h) {
        const reg::request r = to_request(std::move(values));
        py::gil_scoped_release release;
        return reg::analyze(r, with_max_stable_h);
      },
      py::arg("request"), py::arg("with_max_stable_h") = true, "gandyn analyze: the linearisation.");
  m.def("analysis_json", &reg::analysis_json, "The program's JSON of an analysis.");

  py::class_<reg::grid_axis>(m, "grid_axis")
      .def_property_readonly("parameter", [](const reg::grid_axis& a) { return python_name(a.parameter); })
      .def_readonly("lo", &reg::grid_axis::lo)
      .def_readonly("hi", &reg::grid_axis::hi)
      .def_readonly("n", &reg::grid_axis::n)
      .def_property_readonly("values", [](const reg::grid_axis& a) {
        py::array_t<double> out(a.n);
        double* v = out.mutable_data();
        for (long i = 0; i < a.n; ++i) v[i] = a.value(i);
        return out;
      });

  py::class_<reg::sweep_plan>(m, "sweep_plan", "A validated sweep: its grid and quantity.")
      .def_readonly("axes", &reg::sweep_plan::axes)
      .def_readonly("quantity", &reg::sweep_plan::quantity)
      .def_readonly("total", &reg::sweep_plan::total);

  m.def(
      "plan_sweep",
      [](std::map<std::string, std::string> values) { return reg::plan_sweep(to_request(std::move(values))); },
      py::arg("request"), "Validates a sweep (every cell) before any work.");
  m.def(
      "sweep_cells",
      [](const reg::sweep_plan& plan, py::array_t<long, py::array::c_style | py::array::forcecast> cells) {
        if (cells.ndim() != 1) throw py::value_error("cells must be a 1-D array of cell indices");
        const std::vector<long> list(cells.data(), cells.data() + cells.shape(0));
        for (long k : list)
          if (k < 0 || k >= plan.total)
            throw py::value_error("cell " + std::to_string(k) + " is outside the grid of " + std::to_string(plan.total) +
                                  " cells");
        return cells_to_arrays(
            without_gil([&](const reg::progress_hook& hook) { return reg::sweep_cells(plan, list, hook); }));
      },
      py::arg("plan"), py::arg("cells"),
      "The cells' (status int8: 0 ok, 1 undefined, 2 diverged; number float64, NaN unless ok; word; basin: final "
      "distance and period, NaN when none).");
  m.def(
      "orbit",
      [](std::map<std::string, std::string> values) {
        const reg::request r = to_request(std::move(values));
        reg::orbit_report o;
        {
          py::gil_scoped_release release;
          o = reg::orbit(r);
        }
        py::dict out;
        out["kind"] = o.kind;
        out["point"] = copy_vector(o.point);
        out["period"] = o.period ? py::object(py::float_(*o.period)) : py::object(py::none());
        out["multipliers"] = complex_array(o.multipliers);
        out["eigenvalues"] = complex_array(o.eigenvalues);
        out["reason"] = o.reason.empty() ? py::object(py::none()) : py::object(py::str(o.reason));
        out["basin"] = o.label;
        out["final_distance"] = o.final_distance;
        out["json"] = reg::orbit_json(o);
        return out;
      },
      py::arg("request"), "gandyn orbit: the cycle, equilibrium or nothing a start reaches.");
  m.def(
      "lyapunov",
      [](std::map<std::string, std::string> values) {
        const reg::request r = to_request(std::move(values));
        reg::lyapunov_report l;
        {
          py::gil_scoped_release release;
          l = reg::lyapunov(r);
        }
        py::dict out;
        out["exponents"] = copy_vector(l.exponents);
        out["status"] = std::string(gandyn::to_string(l.ended.status));
        out["ended_step"] = l.ended.step;
        out["json"] = reg::lyapunov_json(l);
        return out;
      },
      py::arg("request"), "gandyn lyapunov: the Lyapunov spectrum of a run, descending.");
  m.def(
      "boundary",
      [](std::map<std::string, std::string> values) {
        const reg::request r = to_request(std::move(values));
        const reg::boundary_report b =
            without_gil([&](const reg::progress_hook& hook) { return reg::boundary(r, hook); });
        py::dict out;
        out["param"] = python_name(b.param);
        out["critical"] = b.critical ? py::object(py::float_(*b.critical)) : py::object(py::none());
        out["below"] = b.below;
        out["above"] = b.above;
        out["changes"] = b.changes;
        out["json"] = reg::boundary_json(b);
        return out;
      },
      py::arg("request"), "gandyn boundary: where the verdict changes along one parameter.");
  m.attr("attractor_methods") = reg::analysed_methods;
  m.def("column_name", &reg::column_name, "The program's CSV column of a parameter or quantity ('-' -> '_').");
}
