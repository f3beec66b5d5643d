// gandyn: GAN training dynamics as ordinary differential equations. Umbrella header.
#pragma once

#include "gandyn/core/dual.hpp"
#include "gandyn/core/game.hpp"
#include "gandyn/core/jacobian.hpp"
#include "gandyn/core/state.hpp"
#include "gandyn/games/consensus.hpp"
#include "gandyn/games/f_gan.hpp"
#include "gandyn/games/gauss_legendre.hpp"
#include "gandyn/games/instance_noise.hpp"
#include "gandyn/games/losses.hpp"
#include "gandyn/games/normalised_wgan.hpp"
#include "gandyn/games/penalties.hpp"
#include "gandyn/games/sampled_noise.hpp"
#include "gandyn/games/wgan_qc.hpp"
#include "gandyn/registry/game_name.hpp"
#include "gandyn/registry/make_game.hpp"
