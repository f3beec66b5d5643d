// The closed forms of gan-training-convergence-analysis.fa.txt (Lemmas 1-4; docs/analysis.md,
// "Closed forms at the equilibrium") beside the eigenvalues gandyn computes from exact
// Jacobians, as a Markdown table (the README's "Analysis" table is this program's output).
#include <gandyn/analysis/closed_forms.hpp>
#include <gandyn/analysis/spectrum.hpp>
#include <gandyn/analysis/step_jacobian.hpp>
#include <gandyn/gandyn.hpp>
#include <gandyn/registry/make_game.hpp>

#include <algorithm>
#include <cstdio>
#include <string>

namespace {

using gandyn::eigenvalue_pair;

std::string show(std::complex<double> z) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6f %c %.6fi", z.real(), z.imag() < 0 ? '-' : '+', std::abs(z.imag()));
  return buffer;
}

// Largest distance from a computed eigenvalue to the nearer closed-form one.
double worst(const Eigen::VectorXcd& computed, const eigenvalue_pair& closed) {
  double w = 0;
  for (const auto& e : computed) w = std::max(w, std::min(std::abs(e - closed[0]), std::abs(e - closed[1])));
  return w;
}

void row(const char* variant, const char* method, const char* formula, const eigenvalue_pair& closed,
         const Eigen::MatrixXd& jac, const char* source) {
  const Eigen::VectorXcd computed = gandyn::eigenvalues(jac);
  std::printf("| %s | %s | %s | %s, %s | %s | %.1e | %s |\n", variant, method, formula, show(closed[0]).c_str(),
              show(closed[1]).c_str(), show(computed[0]).c_str(), worst(computed, closed), source);
}

}  // namespace

int main() {
  using namespace gandyn;
  using namespace gandyn::registry;
  const Eigen::VectorXd zero = Eigen::VectorXd::Zero(2);
  const auto field = [](const char* name, gandyn::registry::game_parameters p = {}) {
    return std::get<f_gan<Eigen::Dynamic>>(make_game(name, p, 1));
  };
  const auto linear = [](const char* name, gandyn::registry::game_parameters p = {}) {
    return std::get<f_gan<Eigen::Dynamic, linear_loss>>(make_game(name, p, 1));
  };
  std::printf("| variant | method | closed form | closed-form eigenvalues | computed (one of them) | max diff | source |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  row("gan", "flow", "+- i f'(0)", flow_eigenvalues(), jacobian(field("gan"), zero), "Lemma 1");
  row("nsgan", "flow", "+- i f'(0)", flow_eigenvalues(), jacobian(field("nsgan"), zero), "Lemma 1");
  for (double h : {0.1, 0.5})
    row("gan", ("simgd h=" + std::to_string(h).substr(0, 3)).c_str(), "1 +- i h f'(0)", simgd_eigenvalues(h),
        step_jacobian(simgd{}, field("gan"), zero, h), "Lemma 2");
  for (auto [ng, nd] : {std::pair{1, 1}, std::pair{1, 5}, std::pair{2, 3}}) {
    const std::string method = "altgd h=0.5 ng=" + std::to_string(ng) + " nd=" + std::to_string(nd);
    row("nsgan", method.c_str(), "1 - a^2/2 +- sqrt((1 - a^2/2)^2 - 1), a = sqrt(ng nd) h f'(0)",
        altgd_eigenvalues(0.5, ng, nd), step_jacobian(altgd{.order = {.ng = ng, .nd = nd}}, field("nsgan"), zero, 0.5), "Lemma 3");
  }
  for (double sigma : {0.7, 2.5})
    row(("gan-noise sigma=" + std::to_string(sigma).substr(0, 3)).c_str(), "flow",
        "f''(0) s^2 +- sqrt(f''(0)^2 s^4 - f'(0)^2)", instance_noise_eigenvalues(sigma),
        jacobian(field("gan-noise", {.sigma = sigma}), zero), "Lemma 4");
  for (double gamma : {0.3, 1.0, 2.0})
    row(("nsgan-r1 gamma=" + std::to_string(gamma).substr(0, 3)).c_str(), "flow",
        "-g/2 +- sqrt(g^2/4 - f'(0)^2)", r1_eigenvalues(gamma), jacobian(field("nsgan-r1", {.gamma = gamma}), zero),
        "R1, Mescheder 2018 Thm 4.1");
  for (double lambda : {0.35, 1.5})
    row(("wgan-div lambda=" + std::to_string(lambda).substr(0, 4)).c_str(), "flow", "-l +- sqrt(l^2 - 1)",
        wgan_div_eigenvalues(lambda), jacobian(linear("wgan-div", {.lambda = lambda}), zero),
        "dirac-gan-convergence.zh");
}
