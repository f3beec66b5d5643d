"""Bad input raises ValueError (gandyn.ParameterError) naming the parameter as Python spells
it, for every kind of parameter: numbers, integers, lists, words, switches, grids."""

import math

import numpy as np
import pytest

import gandyn

START = dict(theta=[1.0], psi=[1.0])


def simulate(**kw):
    args = dict(game="nsgan", method="simgd", h=0.1, steps=10, **START)
    args.update(kw)
    return gandyn.simulate(args.pop("game"), args.pop("method"), **args)


def raises(parameter, call, match=None):
    with pytest.raises(ValueError, match=match) as e:
        call()
    assert isinstance(e.value, gandyn.ParameterError)
    assert e.value.parameter == parameter, str(e.value)
    assert parameter in str(e.value)
    return str(e.value)


@pytest.mark.parametrize("value", [-1.0, 0.0, math.nan, math.inf, -math.inf, "0.1", True, None, [0.1, 0.2]])
def test_numbers(value):
    if value is None:  # h is required
        raises("h", lambda: gandyn.simulate("nsgan", "simgd", h=None, steps=10, **START))
        return
    raises("h", lambda: simulate(h=value))


@pytest.mark.parametrize("keyword,value", [("h_d", -0.1), ("lambda_", -1.0), ("t_end", 0.0), ("consensus_gamma", -1.0),
                                           ("beta", 1.0), ("beta", -1.0), ("ema", 1.0), ("tol", math.nan),
                                           ("bound", -3.0), ("clip", 0.0)])
def test_domains_in_python_spelling(keyword, value):
    game = {"lambda_": "wgan-gp", "consensus_gamma": "gan-consensus", "clip": "wgan"}.get(keyword, "nsgan")
    method = {"beta": "momentum", "h_d": "simgd"}.get(keyword, "simgd")
    kw = {keyword: value}
    if keyword == "t_end":
        kw["steps"] = None
    message = raises(keyword, lambda: simulate(game=game, method=method, **kw))
    assert "-" not in message.split()[0]  # h_d, not h-d


@pytest.mark.parametrize("keyword,value", [("nd", 0), ("nd", 1.5), ("steps", 0), ("every", -2), ("ng", "2"),
                                           ("nd", True)])
def test_integers(keyword, value):
    raises(keyword, lambda: simulate(method="altgd", **{keyword: value}))


def test_lists():
    raises("theta", lambda: gandyn.simulate("nsgan", "simgd", h=0.1, steps=5, theta=[1.0, 2.0], psi=[1.0]),
           match="theta.*psi")
    raises("theta", lambda: simulate(theta=[math.nan]))
    raises("psi", lambda: simulate(psi=[1.0, math.inf][::-1][:1]))
    raises("theta", lambda: simulate(theta=[]))
    raises("theta", lambda: simulate(theta=["a"]))
    raises("data", lambda: simulate(data=[0.0, 1.0]))  # x* of length 2 for n = 1
    raises("theta", lambda: gandyn.analyze("gan", theta=[1.0, 2.0], psi=[1.0]))
    raises("dim", lambda: gandyn.analyze("gan", theta=[1.0, 2.0], psi=[1.0, 0.0], dim=3))
    raises("theta", lambda: gandyn.field("gan", np.ones((3, 2)), np.ones((3, 3))))
    raises("theta", lambda: gandyn.jacobian("gan", [1.0], [1.0, 2.0]))


def test_words_have_did_you_mean():
    assert "did you mean 'nsgan-r1'" in raises("game", lambda: simulate(game="nsgan-r2"))
    assert "did you mean 'altgd'" in raises("method", lambda: simulate(method="altgdd"))
    raises("method", lambda: gandyn.analyze("gan", "adam", h=0.1))  # adam is simulated, not analysed
    assert "did you mean 'spectral-radius'" in raises(
        "quantity", lambda: gandyn.sweep("gan", "simgd", grid={"h": [0.1, 0.2]}, quantity="spectral-radios"))
    raises("game", lambda: gandyn.field("wgan-noise", [1.0], [1.0]))  # noise applies to gan, nsgan, nsgan-fm


def test_switches():
    raises("d_first", lambda: simulate(method="altgd", d_first="yes"))
    raises("d_first", lambda: simulate(method="altgd", d_first=1))
    raises("d_first", lambda: simulate(method="simgd", d_first=True))  # simgd has no order


def test_parameters_that_do_not_apply():
    assert "does not apply" in raises("gamma", lambda: simulate(game="nsgan", gamma=0.3))
    raises("lambda_", lambda: gandyn.analyze("gan", lambda_=0.3))
    raises("c", lambda: gandyn.field("wgan-div", [1.0], [1.0], c=1.0))
    raises("beta", lambda: simulate(method="simgd", beta=0.3))
    raises("h", lambda: gandyn.analyze("gan", "flow", h=0.1))
    raises("steps", lambda: gandyn.sweep("gan", "simgd", grid={"h": [0.1, 0.2]}, quantity="verdict", steps=10))


def test_unknown_keywords_have_did_you_mean():
    assert "did you mean gamma" in raises("gama", lambda: simulate(game="nsgan-r1", gama=0.3))
    raises("lambda", lambda: gandyn.analyze("wgan-gp", **{"lambda": 0.3}))
    raises("format", lambda: simulate(format="json"))


def test_grids():
    raises("gamm", lambda: gandyn.sweep("gan-r1", "simgd", grid={"gamm": [0.1, 0.2]}, h=0.1, quantity="verdict"))
    raises("h", lambda: gandyn.sweep("gan", "simgd", grid={"h": [0.1, math.nan]}, quantity="verdict"))
    raises("h", lambda: gandyn.sweep("gan", "simgd", grid={"h": [-0.1, 0.1]}, quantity="verdict"))
    raises("grid", lambda: gandyn.sweep("gan", "simgd", grid={}, quantity="verdict"))
    raises("grid", lambda: gandyn.sweep("gan", "simgd", grid={"h": [0.1], "gamma": [1], "c": [1]}, quantity="verdict"))
    raises("nd", lambda: gandyn.sweep("gan", "altgd", h=0.1, grid={"nd": [1, 2.5, 4]}, quantity="verdict"))


def test_steps_and_t_end():
    raises("steps", lambda: gandyn.simulate("gan", "simgd", h=0.1, **START))
    raises("steps", lambda: gandyn.simulate("gan", "simgd", h=0.1, steps=5, t_end=1.0, **START))


def test_errors_are_value_errors_before_any_work():
    # a sweep validates every cell before computing: a bad corner is found at once
    raises("h", lambda: gandyn.sweep("gan", "simgd", grid={"h": [0.0, 0.5]}, quantity="spectral-radius"))
