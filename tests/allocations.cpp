// No heap allocation per field evaluation or per step at fixed size (issue 3, DESIGN.md):
// counted with a replaced global operator new. AddressSanitizer owns operator new itself, so
// the count is taken in the non-sanitizer builds only.
#include "support.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define GANDYN_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GANDYN_UNDER_ASAN 1
#endif
#endif

#ifndef GANDYN_UNDER_ASAN

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<long> allocations{0};
}

void* operator new(std::size_t size) {
  ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

using namespace gandyn;

namespace {
template <class F>
long allocations_during(F&& f) {
  const long before = allocations.load();
  f();
  return allocations.load() - before;
}
}  // namespace

TEST_CASE("fixed-size fields, Jacobians and steps allocate nothing") {
  const Eigen::Vector4d x(0.9, -0.4, 0.6, 1.1);
  const f_gan<2> plain = nsgan<2>();
  const f_gan<2> noisy{.noise_sigma = 0.7, .data = Eigen::Vector2d(0.1, 0.2)};
  const consensus<f_gan<2>> cons{.game = plain, .gamma = 1};
  const normalised_wgan<2> norm{};
  const wgan_qc<2> qc{};
  const f_gan<2, linear_loss> gp{.penalty = {.r1 = 0.1, .gp_lambda = 0.35, .gp_centre = 1}};
  noisy(x);  // the quadrature rule is built once, on first use
  Eigen::Vector4d sink = Eigen::Vector4d::Zero();
  CHECK(allocations_during([&] {
          sink += plain(x) + noisy(x) + cons(x) + norm(x) + qc(x) + gp(x);
          sink += jacobian(plain, x).col(0) + jacobian(cons, x).col(1);
        }) == 0);
  Eigen::Vector4d y = x;
  auto sim = make_stepper<Eigen::Vector4d>(simgd{});
  auto alt = make_stepper<Eigen::Vector4d>(altgd{.order = {.nd = 5}});
  auto opt = make_stepper<Eigen::Vector4d>(adam{});
  rk4<Eigen::Vector4d> runge_kutta;
  const auto keep = [](const Eigen::Vector4d&, long, double) { return true; };
  CHECK(allocations_during([&] {
          iterate(sim, plain, y, 100, 0.01, keep);
          iterate(alt, plain, y, 100, 0.01, keep);
          iterate(opt, plain, y, 100, 0.01, keep);
          iterate(runge_kutta, plain, y, 100, 0.01, keep);
        }) == 0);
  CHECK(sink.allFinite());
  CHECK(y.allFinite());
}

TEST_CASE("at run-time size, every step after the first allocates nothing") {
  // The rules keep v(x) and their scratch vectors in their memory (dynamics/field_buffer.hpp)
  // and f_gan writes its field in place; Odeint's RK4 sizes its stage vectors once.
  const Eigen::Index n = 64;
  f_gan<Eigen::Dynamic> ns = nsgan<Eigen::Dynamic>();
  ns.data = Eigen::VectorXd::Zero(n);
  f_gan<Eigen::Dynamic, linear_loss> gp{.penalty = {.gp_lambda = 0.35, .gp_centre = 1}, .data = Eigen::VectorXd::Zero(n)};
  const Eigen::VectorXd x0 = Eigen::VectorXd::LinSpaced(2 * n, -1, 1);
  const auto keep = [](const Eigen::VectorXd&, long, double) { return true; };
  const auto allocations_per_run = [&](auto stepper, const auto& game) {
    Eigen::VectorXd x = x0;
    iterate(stepper, game, x, 1, 0.01, keep);  // the first step sizes the scratch vectors
    const long count = allocations_during([&] { iterate(stepper, game, x, 50, 0.01, keep); });
    CHECK(x.allFinite());
    return count;
  };
  for (int g = 0; g < 2; ++g) {
    INFO((g == 0 ? "nsgan" : "wgan-gp"));
    const auto count = [&](auto stepper) { return g == 0 ? allocations_per_run(stepper, ns) : allocations_per_run(stepper, gp); };
    CHECK(count(make_stepper<Eigen::VectorXd>(simgd{})) == 0);
    CHECK(count(make_stepper<Eigen::VectorXd>(altgd{.order = {.nd = 5}})) == 0);
    CHECK(count(make_stepper<Eigen::VectorXd>(extragradient{})) == 0);
    CHECK(count(make_stepper<Eigen::VectorXd>(optimistic{})) == 0);
    CHECK(count(make_stepper<Eigen::VectorXd>(momentum{})) == 0);
    CHECK(count(make_stepper<Eigen::VectorXd>(adam{.alternate = alternation{.nd = 2}})) == 0);
    CHECK(count(make_stepper<Eigen::VectorXd>(rmsprop{})) == 0);
    CHECK(count(rk4<Eigen::VectorXd>{}) == 0);
  }
}

#endif  // GANDYN_UNDER_ASAN
